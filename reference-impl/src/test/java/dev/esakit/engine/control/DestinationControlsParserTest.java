package dev.esakit.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DestinationControlsParserTest {
    @Test
    void readsProfilesAndPerDomainSettingsWithTheRouteLookupRule() {
        DestinationControls controls = new DestinationControls(DestinationControlsParser.parse(
                "# c\nauth-profile relay user=alice password=s3cret\nexample.com tls=required auth=relay max-connections=3\n"
                        + ".example.org tls=preferred\nALL tls=no max-connections=7\n", "controls.txt"));
        DestinationControl exact = controls.lookup("EXAMPLE.com");
        assertThat(exact.tls()).isEqualTo(TlsMode.REQUIRED);
        assertThat(exact.auth().user()).isEqualTo("alice");
        assertThat(exact.maxConnections()).isEqualTo(3);
        assertThat(exact.auth().toString()).doesNotContain("s3cret");
        assertThat(controls.lookup("a.example.org").tls()).isEqualTo(TlsMode.PREFERRED);
        assertThat(controls.lookup("other.net").maxConnections()).isEqualTo(7);
        assertThat(DestinationControls.none().lookup("x.example").maxConnections())
                .isEqualTo(DestinationControl.DEFAULT_MAX_CONNECTIONS);
    }

    @Test
    void errorsNameTheSourceTheLineAndTheProblem() {
        assertThatThrownBy(() -> DestinationControlsParser.parse("example.com tls=maybe", "c.txt"))
                .hasMessage("c.txt:1: 'maybe' is not a TLS mode (no, preferred, required)");
        assertThatThrownBy(() -> DestinationControlsParser.parse("\nexample.com auth=nobody", "c.txt"))
                .hasMessage("c.txt:2: no auth-profile named 'nobody' above this line");
        assertThatThrownBy(() -> DestinationControlsParser.parse("example.com tsl=required", "c.txt"))
                .hasMessageStartingWith("c.txt:1: unknown setting 'tsl'");
        assertThatThrownBy(() -> DestinationControlsParser.parse("example.com max-connections=0", "c.txt"))
                .hasMessageStartingWith("c.txt:1: max-connections must be at least 1");
        assertThatThrownBy(() -> DestinationControlsParser.parse("auth-profile p user=a", "c.txt"))
                .hasMessage("c.txt:1: auth-profile p needs user= and password=");
        assertThatThrownBy(() -> DestinationControlsParser.parse("bad/domain tls=no", "c.txt"))
                .hasMessageStartingWith("c.txt:1: 'bad/domain' is not a domain");
    }
}
