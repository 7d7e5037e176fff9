package dev.esakit.harness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading rule IDs and levels out of the profile's tables. */
class ProfileRulesTest {
    @Test
    void readsTheRuleRowsOfEveryTable(@TempDir Path dir) throws Exception {
        Path p = Files.writeString(dir.resolve("ESA-PROFILE.md"), """
                | ID | level | rule |
                |---|---|---|
                | RT-1 | documented [UG] | A route ... |
                | SEL-5 | reference-defined | Every address ... |
                Prose that mentions FO-1 is not a row.
                | FO-13 | documented [UG] | TLS required ... | next host |
                """);
        assertThat(ProfileRules.read(p)).containsExactly(java.util.Map.entry("RT-1", "documented"),
                java.util.Map.entry("SEL-5", "reference-defined"), java.util.Map.entry("FO-13", "documented"));
    }

    @Test
    void aRuleDefinedTwiceIsAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path p = Files.writeString(dir.resolve("p.md"), "| RT-1 | documented | a |\n| RT-1 | documented | b |\n");
        assertThatThrownBy(() -> ProfileRules.read(p)).hasMessageContaining("p.md:2").hasMessageContaining("RT-1");
    }

    @Test
    void aFileWithoutRulesIsAnError(@TempDir Path dir) throws Exception {
        Path p = Files.writeString(dir.resolve("p.md"), "# nothing here\n");
        assertThatThrownBy(() -> ProfileRules.read(p)).hasMessageContaining("no rule table rows");
    }
}
