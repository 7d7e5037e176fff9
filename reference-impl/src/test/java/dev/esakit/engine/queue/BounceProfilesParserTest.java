package dev.esakit.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BounceProfilesParserTest {
    private static final RouteTable ROUTES = new RouteTable(SmtpRoutesParser.parse(
            "example.com 127.0.0.1\n.slow.test 127.0.0.1\nALL 127.0.0.1", "routes"));

    @Test
    void eachRouteGetsTheProfileItNamesAndOthersTheDefault() {
        BounceProfiles p = BounceProfilesParser.parse("""
                # lab profiles
                profile default max-retries=5 delay-warnings=yes
                profile slow initial-wait=300 max-wait=7200   # long waits
                route .slow.test slow
                """, "profiles.txt");
        assertThat(p.forRecipient("a@mx.slow.test", ROUTES)).isEqualTo(new BounceProfile(100,
                Duration.ofSeconds(259_200), Duration.ofSeconds(300), Duration.ofSeconds(7_200), false));
        assertThat(p.forRecipient("a@example.com", ROUTES)).isEqualTo(new BounceProfile(5,
                Duration.ofSeconds(259_200), Duration.ofSeconds(60), Duration.ofSeconds(3_600), true));
        assertThat(p.forRecipient("a@elsewhere.test", ROUTES)).isEqualTo(p.defaultProfile());
    }

    @Test
    void anEmptyFileMeansTheEsaDefaults() {
        assertThat(BounceProfilesParser.parse("", "empty").defaultProfile()).isEqualTo(BounceProfile.defaults());
    }

    @Test
    void badLinesAreReportedWithSourceAndLine() {
        assertThatThrownBy(() -> BounceProfilesParser.parse("profile a\nprofile b max-wait=ten", "p.txt"))
                .hasMessage("p.txt:2: max-wait=ten is not a whole number from 0 to 9223372036854775");
        assertThatThrownBy(() -> BounceProfilesParser.parse("profile a colour=blue", "p.txt"))
                .hasMessageStartingWith("p.txt:1: unknown setting 'colour'");
        assertThatThrownBy(() -> BounceProfilesParser.parse("\nroute example.com nope", "p.txt"))
                .hasMessageStartingWith("p.txt:2: route example.com names bounce profile 'nope'");
        assertThatThrownBy(() -> BounceProfilesParser.parse("profile a initial-wait=600 max-wait=60", "p.txt"))
                .hasMessage("p.txt:1: initial-wait 600 is longer than max-wait 60");
        assertThatThrownBy(() -> BounceProfilesParser.parse("retry everything", "p.txt"))
                .hasMessageStartingWith("p.txt:1: unknown statement 'retry'");
        assertThatThrownBy(() -> BounceProfilesParser.parse("profile a\nprofile a", "p.txt"))
                .hasMessage("p.txt:2: profile 'a' is defined twice");
    }
}
