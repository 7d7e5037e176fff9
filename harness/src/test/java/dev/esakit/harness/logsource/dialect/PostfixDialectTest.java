package dev.esakit.harness.logsource.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.harness.logsource.LogCheck;
import dev.esakit.harness.logsource.LogRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real Postfix 3.7 log lines (captured from the private instance) read as the catalog's delivery events. */
class PostfixDialectTest {
    private static final List<String> TN117875 = List.of(
            "New SMTP DCID {d1:dcid} interface {local:ip} address {mx-a.ip} port {mx-a.port}",
            "Connection Error: DCID {d1} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: "
                    + "452-example.com ESMTP\\n452 4.3.1 Mail system full interface: {local} reason: unexpected SMTP response",
            "New SMTP DCID {d2:dcid} interface {local} address {mx-b.ip} port {mx-b.port}",
            "Delivery start DCID {d2} MID {m:mid} to RID [0]",
            "Message done DCID {d2} MID {m} to RID [0]",
            "Message finished MID {m} done");

    private static List<LogRecord> log(String name) throws IOException {
        try (InputStream in = PostfixDialectTest.class.getResourceAsStream("/postfix/" + name)) {
            Instant received = Instant.parse("2026-12-04T20:30:00Z");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> new LogRecord(received, null, null, null, l)).toList();
        }
    }

    private static List<String> events(String name) throws IOException {
        return new PostfixLogReader(ZoneOffset.UTC, Instant.parse("2026-12-04T20:30:00Z")).events(log(name));
    }

    @Test
    void aRefusedGreetingThenADeliveryBecomeTheTechnotesEvents() throws IOException {
        assertThat(events("tn117875-452.log")).containsExactly(
                "Fri Dec  4 20:19:24 2026 Info: MID 1 From: <alice@sender.example>",
                "Fri Dec  4 20:19:24 2026 Info: MID 1 Message-ID '<6b7e1112-4ce2-41a0-bf01-5a6bbb7fbf54@harness.esakit>'",
                "Fri Dec  4 20:19:25 2026 Info: New SMTP DCID 1 address 127.1.0.1",
                "Fri Dec  4 20:19:25 2026 Info: Connection Error: DCID 1 IP: 127.1.0.1 reason: unexpected SMTP response",
                "Fri Dec  4 20:19:25 2026 Info: New SMTP DCID 2 address 127.1.0.2",
                "Fri Dec  4 20:19:25 2026 Info: Message done DCID 2 MID 1",
                "Fri Dec  4 20:19:25 2026 Info: Message finished MID 1 done");
    }

    @Test
    void refusedConnectionsDeferralsAndSharedConnectionsAreNumbered() throws IOException {
        assertThat(events("failover-mix.log")).extracting(l -> l.substring(l.indexOf("Info: ") + 6)).containsExactly(
                "MID 1 From: <alice@sender.example>",
                "MID 2 From: <alice@sender.example>",
                "New SMTP DCID 1 address 127.1.0.4",
                "Connection Error: DCID 1 IP: 127.1.0.4 reason: network error",
                "New SMTP DCID 2 address 127.1.0.5",
                // both recipients went over one connection: one Message done
                "Message done DCID 2 MID 1",
                "Message finished MID 1 done",
                "New SMTP DCID 3 address 127.1.0.7",
                "Delayed: DCID 3 MID 2 ('451')",
                "New SMTP DCID 4 address 127.1.0.4",
                "Connection Error: DCID 4 IP: 127.1.0.4 reason: network error",
                // relay=none repeats the last refusal: no second connection, only the hold
                "MID 2 pending");
    }

    @Test
    void theTechnoteScenarioPassesOnWhatPostfixShowsAndNamesTheRest() throws IOException {
        LogCheck check = new PostfixDialect().check(TN117875, log("tn117875-452.log"),
                Map.of("mx-a.ip", "127.1.0.1", "mx-a.port", "36103", "mx-b.ip", "127.1.0.2", "mx-b.port", "44055"),
                false);
        assertThat(check.match().matched()).as(check.match().describe()).isTrue();
        assertThat(check.judged()).isEqualTo(5);
        assertThat(check.notObservable()).anySatisfy(n -> assertThat(n).startsWith("'Delivery start DCID {d2}")
                .endsWith("Postfix's log has no counterpart for this line"));
        assertThat(check.notObservable()).anySatisfy(n -> assertThat(n).contains("the domain, port, details text"));
    }

    @Test
    void theWrongHostOrderFailsTheJudgedPart() throws IOException {
        LogCheck check = new PostfixDialect().check(TN117875, log("tn117875-452.log"),
                Map.of("mx-a.ip", "127.1.0.2", "mx-a.port", "44055", "mx-b.ip", "127.1.0.1", "mx-b.port", "36103"),
                false);
        assertThat(check.match().matched()).isFalse();
        assertThat(check.match().firstMismatch()).isEqualTo(1);
    }

    @Test
    void anyLineOfAKindIsJudgedOnTheEvents() throws IOException {
        List<String> lost = new java.util.ArrayList<>();
        assertThat(new PostfixDialect().project("Bounced: {any:any}", lost)).isEqualTo("Bounced: {any:any}");
        assertThat(new PostfixDialect().project("Connection Error: {x:any}", lost)).isEqualTo("Connection Error: {x:any}");
        assertThat(new PostfixDialect().project("DCID {d} close", lost)).isNull();
        assertThat(lost).singleElement().asString().contains("no counterpart");
        LogCheck check = new PostfixDialect().check(List.of("Connection Error: {x:any}"), log("tn117875-452.log"),
                Map.of(), false);
        assertThat(check.match().matched()).isTrue();
    }

    @Test
    void aScenarioWhoseLinesHaveNoPostfixCounterpartJudgesNothing() throws IOException {
        LogCheck check = new PostfixDialect().check(List.of("Delivery start DCID {d} MID {m:mid} to RID [0]",
                "DCID {d} close"), log("tn117875-452.log"), Map.of(), false);
        assertThat(check.judgedNothing()).isTrue();
        assertThat(check.notObservable()).hasSize(2);
    }

    @Test
    void aCachedConnectionHandedToAnotherProcessKeepsItsDcidAndIpv6ReadsInItsShortForm() {
        Instant at = Instant.parse("2026-12-04T20:19:25Z");
        List<LogRecord> records = List.of(
                new LogRecord(at, at, "h", "postfix/smtp[10]", "AAAAA1: to=<a@example.com>, relay=0:0:0:0:0:0:0:1[0:0:0:0:0:0:0:1]:2601,"
                        + " delay=0.1, delays=0/0/0/0, dsn=2.0.0, status=sent (250 ok)"),
                new LogRecord(at, at, "h", "postfix/smtp[11]", "BBBBB2: to=<b@example.com>, relay=0:0:0:0:0:0:0:1[::1]:2601,"
                        + " conn_use=2, delay=0.1, delays=0/0/0/0, dsn=2.0.0, status=sent (250 ok)"));
        assertThat(new PostfixLogReader(ZoneId.of("UTC"), at).events(records)).extracting(l -> l.substring(31))
                .containsExactly("New SMTP DCID 1 address ::1", "Message done DCID 1 MID 1",
                        "Message done DCID 1 MID 2");
    }

    @Test
    void syslogRecordsReadLikeFileLines() {
        Instant at = Instant.parse("2026-12-04T20:19:25Z");
        List<LogRecord> records = List.of(
                new LogRecord(at, at, "esakit-postfix", "postfix/smtp[7070]",
                        "C69AD20E37C: host 127.1.0.1[127.1.0.1] refused to talk to me: 452 4.3.1 Mail system full"),
                new LogRecord(at, at, "esakit-postfix", "postfix/qmgr[7026]", "C69AD20E37C: removed"));
        assertThat(new PostfixLogReader(ZoneId.of("UTC"), at).events(records)).containsExactly(
                "Fri Dec  4 20:19:25 2026 Info: New SMTP DCID 1 address 127.1.0.1",
                "Fri Dec  4 20:19:25 2026 Info: Connection Error: DCID 1 IP: 127.1.0.1 reason: unexpected SMTP response",
                "Fri Dec  4 20:19:25 2026 Info: Message finished MID 1 done");
    }
}
