package dev.esakit.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.engine.IdSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 5: ICID, MID and DCID never repeat within a log. A restarted engine appends to the same
 * mail.current, so its counters must start above every id the engine before it may have written.
 */
class IdsAcrossRestartsTest {
    private static final Pattern IDS = Pattern.compile("(New SMTP ICID|Start MID|New SMTP DCID) (\\d+)");

    @TempDir
    Path dir;

    @Test
    void noIdRepeatsInTheLogAcrossRestarts() {
        try (QueueFixture f = QueueFixture.start(dir, b -> b)) {
            f.host.start();
            f.run();
            for (int round = 0; round < 3; round++) {
                f.awaitFinished(f.submit());
                f.restart();
            }
            f.awaitFinished(f.submit());
            List<String> ids = new ArrayList<>();
            for (String line : f.log()) {
                Matcher m = IDS.matcher(line);
                if (m.find()) {
                    ids.add(m.group(1) + " " + m.group(2));
                }
            }
            assertThat(ids).filteredOn(s -> s.startsWith("Start MID")).hasSize(4);
            assertThat(ids).filteredOn(s -> s.startsWith("New SMTP ICID")).hasSize(4);
            assertThat(ids).doesNotHaveDuplicates();
        }
    }

    @Test
    void aDurableCounterReservesBeforeItHandsOutAndSkipsWhatItReservedAfterARestart() {
        List<Long> reservations = new ArrayList<>();
        IdSequence ids = new IdSequence(0, 10, reservations::add);
        for (int i = 1; i <= 21; i++) {
            assertThat(ids.next()).isEqualTo(i);
        }
        assertThat(reservations).containsExactly(10L, 20L, 30L);
        // What a restart after a kill -9 sees: the last reservation, not the last id used.
        IdSequence restarted = new IdSequence(reservations.get(reservations.size() - 1), 10, reservations::add);
        assertThat(restarted.next()).isEqualTo(31);
        assertThat(reservations).endsWith(40L);
    }
}
