package dev.esakit.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The word-at-a-time 8-bit scan that decides BODY=8BITMIME finds a high byte wherever it sits. */
class EightBitScanTest {
    @Test
    void findsOneHighByteAtEveryPositionOfEveryLength() {
        for (int length = 0; length <= 40; length++) {
            byte[] ascii = new byte[length];
            java.util.Arrays.fill(ascii, (byte) 'a');
            assertThat(MailTransaction.hasEightBit(ascii)).as("7-bit, length %d", length).isFalse();
            for (int at = 0; at < length; at++) {
                byte[] content = ascii.clone();
                content[at] = (byte) 0x80;
                assertThat(MailTransaction.hasEightBit(content)).as("0x80 at %d of %d", at, length).isTrue();
            }
        }
    }
}
