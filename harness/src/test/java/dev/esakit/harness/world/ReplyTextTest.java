package dev.esakit.harness.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Replies as a scenario writes them, in wire form. */
class ReplyTextTest {
    @Test
    void multiLineReply() {
        ReplyText r = ReplyText.parse("452-example.com ESMTP\n452 4.3.1 Mail system full");
        assertThat(r.code()).isEqualTo(452);
        assertThat(r.lines()).containsExactly("example.com ESMTP", "4.3.1 Mail system full");
    }

    @Test
    void backslashRIsABareCarriageReturn() {
        assertThat(ReplyText.parse("450 busy\\rforged").lines()).containsExactly("busy\rforged");
    }

    @Test
    void badRepliesAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> ReplyText.parse("45 short")).hasMessageContaining("line 1")
                .hasMessageContaining("3-digit code");
        assertThatThrownBy(() -> ReplyText.parse("452-a\n451 b")).hasMessageContaining("line 2")
                .hasMessageContaining("began with 452");
        assertThatThrownBy(() -> ReplyText.parse("452 a\n452 b")).hasMessageContaining("line 1")
                .hasMessageContaining("'-'");
    }
}
