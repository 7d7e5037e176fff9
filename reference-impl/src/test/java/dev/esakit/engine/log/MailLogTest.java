package dev.esakit.engine.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.engine.smtp.SmtpReply;
import dev.esakit.engine.time.VirtualClock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailLogTest {
    private final List<String> lines = new ArrayList<>();
    private final VirtualClock clock = new VirtualClock(Instant.parse("2014-07-02T09:15:07Z"));
    private final MailLog log = new MailLog(new MailLogWriter(clock, ZoneOffset.UTC).addSink(lines::add));

    @Test
    void stampsEveryLineWithCtimeAndLevel() {
        log.newDelivery(299, "192.168.1.1", "192.168.1.10", 25);
        assertThat(lines).containsExactly(
                "Wed Jul  2 09:15:07 2014 Info: New SMTP DCID 299 interface 192.168.1.1 address 192.168.1.10 port 25");
    }

    @Test
    void theStampFollowsTheClockAcrossSeconds() {
        log.messageFinished(1);
        clock.advance(java.time.Duration.ofMillis(999));
        log.messageFinished(2);
        clock.advance(java.time.Duration.ofMillis(1));
        log.messageFinished(3);
        assertThat(lines).containsExactly("Wed Jul  2 09:15:07 2014 Info: Message finished MID 1 done",
                "Wed Jul  2 09:15:07 2014 Info: Message finished MID 2 done",
                "Wed Jul  2 09:15:08 2014 Info: Message finished MID 3 done");
    }

    @Test
    void aSinkThatCannotWriteLosesItsLinesAndNeitherStopsTheOthersNorThrows() {
        java.util.concurrent.atomic.AtomicBoolean diskFull = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> other = new ArrayList<>();
        MailLog both = new MailLog(new MailLogWriter(clock, ZoneOffset.UTC).addSink(line -> {
            if (diskFull.get()) {
                throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
            }
            lines.add(line);
        }).addSink(other::add));
        both.messageFinished(1);
        both.messageFinished(2);
        diskFull.set(false);
        both.messageFinished(3);
        assertThat(other).hasSize(3);
        assertThat(lines).singleElement().asString().endsWith("Message finished MID 3 done");
    }

    @Test
    void ctimePadsTheDayWithASpaceAndKeepsTwoDigitDays() {
        assertThat(Ctime.format(Instant.parse("2014-07-02T09:15:07Z"), ZoneOffset.UTC))
                .isEqualTo("Wed Jul  2 09:15:07 2014").matches(Ctime.PATTERN);
        assertThat(Ctime.format(Instant.parse("2026-12-14T23:05:00Z"), ZoneOffset.UTC))
                .isEqualTo("Mon Dec 14 23:05:00 2026").matches(Ctime.PATTERN);
    }

    @Test
    void connectionErrorShowsAMultiLineBannerWithEscapedLineBreaks() {
        SmtpReply banner = SmtpReply.of(452, "example.com ESMTP", "4.3.1 Mail system full");
        log.connectionError(299, "example.com", "127.0.1.10", 25, banner.wireText(), "127.0.0.1",
                ConnectionErrorReason.UNEXPECTED_SMTP_RESPONSE);
        assertThat(lines).singleElement().asString().endsWith(
                "Info: Connection Error: DCID 299 domain: example.com IP: 127.0.1.10 port: 25 details: "
                        + "452-example.com ESMTP\\n452 4.3.1 Mail system full interface: 127.0.0.1 "
                        + "reason: unexpected SMTP response");
    }

    @Test
    void noPeerTextCanStartANewLine() {
        String hostile = "ok\r\nWed Jul  2 09:15:07 2014 Info: Message finished MID 1 done\u2028\u0000";
        log.subject(7, hostile);
        log.envelopeFrom(7, 1, "a\nb@example.com");
        assertThat(lines).hasSize(2);
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\n", "\r", "\u2028", "\u0000"));
        assertThat(lines.get(0)).endsWith(
                "MID 7 Subject 'ok\\r\\nWed Jul  2 09:15:07 2014 Info: Message finished MID 1 done\\u2028\\x00'");
    }

    @Test
    void delayedLineCarriesEnhancedCodePhraseAndReply() {
        log.delayed(5, 3, "alice@example.org", "bob@example.com", 0,
                DeliveryStatus.of(SmtpReply.of(452, "4.3.1 Insufficient system resources")));
        assertThat(lines.get(0)).endsWith("Info: Delayed: DCID 5 MID 3 From: <alice@example.org> To: <bob@example.com> "
                + "RID 0 - 4.3.1 - Mail system full ('452', ['4.3.1 Insufficient system resources'])");
    }

    @Test
    void statusWithoutEnhancedCodeIsDerivedFromTheBasicCode() {
        assertThat(DeliveryStatus.of(SmtpReply.of(451, "Try later")).enhancedCode()).isEqualTo("4.0.0");
        assertThat(DeliveryStatus.of(SmtpReply.of(550, "No such user")).enhancedCode()).isEqualTo("5.0.0");
        assertThat(DeliveryStatus.of(SmtpReply.of(550, "5.1.0 No such user")).phrase()).isEqualTo("Unknown address error");
        assertThat(DeliveryStatus.withoutReply("5.4.7", "timeout").basicCode()).isEqualTo("000");
    }

    @Test
    void headerLinesBeginTheLog() {
        log.header("v1", "SN1", clock.now());
        assertThat(lines).extracting(l -> l.substring(25)).containsExactly("Info: Begin Logfile",
                "Info: Version: v1 SN: SN1", "Info: Time offset from UTC: 0 seconds");
    }

    @Test
    void timeOffsetFollowsTheZone() {
        MailLog other = new MailLog(new MailLogWriter(clock, ZoneId.of("Europe/Berlin")).addSink(lines::add));
        other.header("v1", "SN1", clock.now());
        assertThat(lines.get(2)).endsWith("Info: Time offset from UTC: 7200 seconds");
        assertThat(lines.get(0)).startsWith("Wed Jul  2 11:15:07 2014");
    }
}
