package dev.esakit.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs shaped like the harness's: a failover that passes and a rotation that fails with log evidence and
 * transcripts; a second target with the verdicts a third-party relay gets. All addresses are loopback.
 */
final class SampleRuns {
    static final Instant T0 = Instant.parse("2025-03-14T09:15:07.250Z");

    static final List<Rule> RULES = List.of(
            new Rule("SEL-2", "documented", "Choosing a host (SEL)", "Hosts of equal priority are used round-robin, "
                    + "**per SMTP connection, not per message**: successive new connections to the route start at the next host of the tier."),
            new Rule("SEL-3", "documented", "Choosing a host (SEL)", "When a host fails, the same message goes to the next "
                    + "host at once, in the same delivery attempt, without waiting for a retry."),
            new Rule("SEL-6", "reference-defined", "Choosing a host (SEL)", "A host that failed at the connection level "
                    + "is marked down for the bounce profile's initial wait (60 s)."),
            new Rule("FO-1", "documented", "Failover by failure kind (FO)", "4xx greeting (the seed: a multi-line "
                    + "`452`/`421` banner, `Mail system full`): `Connection Error ... reason: unexpected SMTP response`, next host"),
            new Rule("FO-10", "documented", "Failover by failure kind (FO)", "5xx to RCPT TO: `Bounced:` for that recipient "
                    + "(hard bounce, DSN to the sender); others go on. No failover for a 5xx verdict on a recipient"),
            new Rule("LOG-1", "documented", "The mail log (LOG)", "The forms above, field for field, with the ctime stamp."),
            new Rule("Q-8", "reference-defined", "Queue and retry (Q)", "A message accepted with 250 is on stable storage "
                    + "first: it survives a crash (kill -9) and a restart."));

    static final String MISSING_LINE =
            "Info: New SMTP DCID 2 interface 127.0.0.1 address 127.0.0.11 port 2525";

    private SampleRuns() {
    }

    static ScenarioResult failoverPass() {
        Instant s = T0.plusMillis(40);
        TranscriptView mxA = new TranscriptView("mx-a", "127.0.0.10:2525", 1, List.of(
                server(s, 0, "452-example.com ESMTP"),
                server(s, 1, "452 Mail system full"),
                client(s, 3, "QUIT")));
        TranscriptView mxB = new TranscriptView("mx-b", "127.0.0.11:2525", 1, List.of(
                server(s, 6, "220 mx-b.test ESMTP"),
                client(s, 7, "EHLO esa.test"),
                server(s, 8, "250-mx-b.test"),
                server(s, 8, "250 PIPELINING"),
                client(s, 9, "MAIL FROM:<alice@sender.test>"),
                server(s, 10, "250 2.1.0 Ok"),
                client(s, 11, "RCPT TO:<bob@example.com>"),
                server(s, 12, "250 2.1.5 Ok"),
                client(s, 13, "DATA"),
                server(s, 14, "354 End data with <CR><LF>.<CR><LF>"),
                client(s, 16, "."),
                server(s, 18, "250 2.0.0 Ok: queued as 4F2A1"),
                client(s, 19, "QUIT"),
                server(s, 20, "221 2.0.0 Bye")));
        LogEvidence log = new LogEvidence(
                List.of("New SMTP DCID 1 interface 127.0.0.1 address 127.0.0.10 port 2525",
                        "Connection Error: DCID 1 domain: example.com IP: 127.0.0.10 port: 2525 details: 452-example.com ESMTP\\nMail system full interface: 127.0.0.1 reason: unexpected SMTP response",
                        "New SMTP DCID 2 interface 127.0.0.1 address 127.0.0.11 port 2525",
                        "Delivery start DCID 2 MID 1 to RID [0]",
                        "Message done DCID 2 MID 1 to RID [0]"),
                List.of("Fri Mar 14 09:15:07 2025 Info: Start MID 1 ICID 1",
                        "Fri Mar 14 09:15:07 2025 Info: MID 1 queued for delivery",
                        "Fri Mar 14 09:15:07 2025 Info: New SMTP DCID 1 interface 127.0.0.1 address 127.0.0.10 port 2525",
                        "Fri Mar 14 09:15:07 2025 Info: Connection Error: DCID 1 domain: example.com IP: 127.0.0.10 port: 2525 details: 452-example.com ESMTP\\nMail system full interface: 127.0.0.1 reason: unexpected SMTP response",
                        "Fri Mar 14 09:15:07 2025 Info: New SMTP DCID 2 interface 127.0.0.1 address 127.0.0.11 port 2525",
                        "Fri Mar 14 09:15:07 2025 Info: Delivery start DCID 2 MID 1 to RID [0]",
                        "Fri Mar 14 09:15:07 2025 Info: Message done DCID 2 MID 1 to RID [0]",
                        "Fri Mar 14 09:15:07 2025 Info: MID 1 RID [0] Response '2.0.0 Ok: queued as 4F2A1'",
                        "Fri Mar 14 09:15:07 2025 Info: Message finished MID 1 done"),
                -1);
        return new ScenarioResult("Failover by failure kind", "features/failover.feature",
                "A 4xx greeting sends the message to the backup at once", 12, List.of("FO-1", "SEL-3"),
                "documented", Verdict.PASS, """
                Scenario: A 4xx greeting sends the message to the backup at once
                  Given a route for "example.com" to mx-a/pri=10, mx-b/pri=20
                  And mx-a greets with "452-example.com ESMTP\\n452 Mail system full"
                  When a message for <bob@example.com> is submitted
                  Then mx-b receives the message
                  And the mail log shows, in order:
                    | New SMTP DCID 1 ... address mx-a |
                    | Connection Error: DCID 1 ... reason: unexpected SMTP response |
                    | New SMTP DCID 2 ... address mx-b |""", null, log, List.of(mxA, mxB), Duration.ofMillis(84));
    }

    static ScenarioResult rotationFail() {
        Instant s = T0.plusMillis(200);
        List<TranscriptView> transcripts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long base = i * 30L;
            transcripts.add(new TranscriptView("mx-a", "127.0.0.10:2525", i + 1, List.of(
                    server(s, base, "220 mx-a.test ESMTP"),
                    client(s, base + 1, "EHLO esa.test"),
                    server(s, base + 2, "250 mx-a.test"),
                    client(s, base + 3, "MAIL FROM:<alice@sender.test>"),
                    server(s, base + 4, "250 Ok"),
                    client(s, base + 5, "RCPT TO:<bob@example.com>"),
                    server(s, base + 6, "250 Ok"),
                    client(s, base + 7, "DATA"),
                    server(s, base + 8, "354 go ahead"),
                    client(s, base + 10, "."),
                    server(s, base + 12, "250 Ok: queued"),
                    client(s, base + 13, "QUIT"),
                    server(s, base + 14, "221 Bye"))));
        }
        LogEvidence log = new LogEvidence(
                List.of("New SMTP DCID 1 interface 127.0.0.1 address 127.0.0.10 port 2525",
                        "Message done DCID 1 MID 1 to RID [0]",
                        MISSING_LINE.substring("Info: ".length()),
                        "Message done DCID 2 MID 2 to RID [0]"),
                List.of("Fri Mar 14 09:15:07 2025 Info: New SMTP DCID 1 interface 127.0.0.1 address 127.0.0.10 port 2525",
                        "Fri Mar 14 09:15:07 2025 Info: Delivery start DCID 1 MID 1 to RID [0]",
                        "Fri Mar 14 09:15:07 2025 Info: Message done DCID 1 MID 1 to RID [0]",
                        "Fri Mar 14 09:15:07 2025 Info: DCID 1 close",
                        "Fri Mar 14 09:15:07 2025 Info: New SMTP DCID 2 interface 127.0.0.1 address 127.0.0.10 port 2525",
                        "Fri Mar 14 09:15:07 2025 Info: Delivery start DCID 2 MID 2 to RID [0]",
                        "Fri Mar 14 09:15:07 2025 Info: Message done DCID 2 MID 2 to RID [0]",
                        "Fri Mar 14 09:15:07 2025 Info: DCID 2 close"),
                2);
        return new ScenarioResult("Choosing a host", "features/selection.feature",
                "Equal-priority hosts take turns per connection", 31, List.of("SEL-2"), "documented", Verdict.FAIL, """
                Scenario: Equal-priority hosts take turns per connection
                  Given a route for "example.com" to mx-a/pri=10, mx-b/pri=10
                  And every destination closes the connection after one message
                  When 2 messages for <bob@example.com> are submitted one after the other
                  Then the mail log shows, in order:
                    | New SMTP DCID 1 ... address mx-a |
                    | New SMTP DCID 2 ... address mx-b |""",
                "Expected log line 3 not found: the second connection went to mx-a (127.0.0.10) again, not to mx-b",
                log, transcripts, Duration.ofMillis(131));
    }

    /** The reference engine's run: one PASS, one FAIL. */
    static RunResult reference() {
        return new RunResult("reference", T0, T0.plusMillis(420), List.of(failoverPass(), rotationFail()));
    }

    /** A third-party relay: the verdicts besides PASS and FAIL, one of each. */
    static RunResult postfix() {
        Instant s = T0.plusSeconds(5);
        TranscriptView bounce = new TranscriptView("mx-a", "127.0.0.10:2525", 1, List.of(
                server(s, 0, "220 mx-a.test ESMTP"),
                client(s, 1, "EHLO postfix.test"),
                server(s, 2, "250 mx-a.test"),
                client(s, 3, "MAIL FROM:<alice@sender.test>"),
                server(s, 4, "250 Ok"),
                client(s, 5, "RCPT TO:<nobody@example.com>"),
                server(s, 6, "550 5.1.1 No such user")));
        ScenarioResult failover = failoverPass();
        return new RunResult("postfix", s, s.plusSeconds(3), List.of(
                new ScenarioResult(failover.feature(), failover.featureUri(), failover.scenario(), failover.line(),
                        failover.ruleIds(), failover.level(), Verdict.STALE_EXPECTED_FAIL, failover.gherkin(),
                        null, failover.log(), failover.transcripts(), failover.duration()),
                new ScenarioResult("Choosing a host", "features/selection.feature",
                        "Equal-priority hosts take turns per connection", 31, List.of("SEL-2"), "documented",
                        Verdict.EXPECTED_FAIL, "Scenario: Equal-priority hosts take turns per connection",
                        "ledger: Postfix cannot express equal priorities; the transport map lists mx-a first", null,
                        List.of(), Duration.ofMillis(900)),
                new ScenarioResult("Choosing a host", "features/selection.feature",
                        "A failed host is skipped while down", 44, List.of("SEL-6"), "reference-defined",
                        Verdict.INFORMATIONAL, "Scenario: A failed host is skipped while down",
                        "Postfix retries the failed host on the next delivery", null, List.of(), Duration.ofMillis(300)),
                new ScenarioResult("Failover by failure kind", "features/failover.feature",
                        "A 5xx to RCPT bounces that recipient without failover", 58, List.of("FO-10"), "documented",
                        Verdict.NOT_OBSERVABLE, "Scenario: A 5xx to RCPT bounces that recipient without failover",
                        "the Postfix log has no RID numbers", null, List.of(bounce), Duration.ofMillis(75)),
                new ScenarioResult("Queue and retry", "features/queue.feature", "An accepted message survives kill -9",
                        7, List.of("Q-8"), "reference-defined", Verdict.SKIPPED, "Scenario: An accepted message survives kill -9",
                        "the target profile cannot restart this relay", null, List.of(), Duration.ZERO)));
    }

    private static TranscriptEntry server(Instant base, long ms, String text) {
        return new TranscriptEntry(base.plusMillis(ms), "S", text);
    }

    private static TranscriptEntry client(Instant base, long ms, String text) {
        return new TranscriptEntry(base.plusMillis(ms), "C", text);
    }
}
