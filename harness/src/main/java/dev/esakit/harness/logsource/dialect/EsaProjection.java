package dev.esakit.harness.logsource.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces an expected ESA mail log line (with its placeholders) to the part a third-party log can show: the
 * event forms that {@link PostfixLogReader} writes. A line with no counterpart is not observable, and so is
 * every field a kept line loses; both are reported with the reason, never silently dropped.
 */
public final class EsaProjection {
    /** A projected expectation: the reduced line (null when nothing of it is observable) and what was lost. */
    public record Projected(String source, String reduced, List<String> lost) {
    }

    private record Rule(Pattern esa, Function<Matcher, String> reduce, String lost) {
    }

    private static final String W = "(\\S+)";
    private static final Pattern STAMPED = Pattern.compile("^\\{[^}]+} (?:Info|Warning|Critical|Debug|Trace): (.*)$");
    private final List<Rule> rules = new ArrayList<>();
    private final String relayName;

    public EsaProjection(String relayName) {
        this.relayName = relayName;
        rule("^New SMTP DCID " + W + " interface " + W + " address " + W + " port " + W + "$",
                m -> "New SMTP DCID " + m.group(1) + " address " + m.group(3),
                "the local interface and the port");
        rule("^Connection Error: DCID " + W + " domain: " + W + " IP: " + W + " port: " + W + " details: (.*)"
                        + " interface: " + W + " reason: (.+)$",
                m -> "Connection Error: DCID " + m.group(1) + " IP: " + m.group(3) + " reason: " + m.group(7),
                "the domain, port, details text and interface");
        rule("^DCID " + W + " IP " + W + " TLS was required but could not be successfully negotiated$",
                m -> m.group(0), null);
        rule("^Message done DCID " + W + " MID " + W + " to RID \\[.*]$",
                m -> "Message done DCID " + m.group(1) + " MID " + m.group(2), "the recipient IDs (RID)");
        rule("^(Delayed|Bounced): DCID " + W + " MID " + W + " From: .* - .* \\('([^']*)', \\[.*]\\)$",
                m -> m.group(1) + ": DCID " + m.group(2) + " MID " + m.group(3) + " ('" + m.group(4) + "')",
                "the sender, recipient, RID, enhanced code, phrase and reply text");
        rule("^MID " + W + " to RID \\[.*] pending till .*$", m -> "MID " + m.group(1) + " pending",
                "the RIDs and the time of the next attempt");
        rule("^Message finished MID " + W + " done$", m -> m.group(0), null);
        rule("^MID " + W + " was generated for bounce of MID " + W + "$", m -> m.group(0), null);
        rule("^MID " + W + " ICID " + W + " From: (.*)$", m -> "MID " + m.group(1) + " From: " + m.group(3),
                "the ICID");
        rule("^MID " + W + " Message-ID (.*)$", m -> m.group(0), null);
        // "Any line of this kind" ("Bounced: {any:any}"): the reduced forms begin with the same words.
        rule("^(?:Connection Error:|Delayed:|Bounced:|New SMTP DCID|Message done DCID|Message finished MID) "
                + "\\{[A-Za-z0-9_.-]+:any}$", m -> m.group(0), null);
    }

    private void rule(String regex, Function<Matcher, String> reduce, String lost) {
        rules.add(new Rule(Pattern.compile(regex), reduce, lost));
    }

    public Projected project(String expected) {
        Matcher stamped = STAMPED.matcher(expected);
        if (stamped.matches()) {
            // A whole-line expectation: its ctime stamps count ESA seconds, the relay runs on scaled real time.
            Projected p = project(stamped.group(1));
            List<String> lost = new ArrayList<>(p.lost());
            lost.add("'" + expected + "': the time stamp is not judged (the relay runs on real, scaled time)");
            return new Projected(expected, p.reduced(), lost);
        }
        for (Rule r : rules) {
            Matcher m = r.esa.matcher(expected);
            if (m.matches()) {
                String reduced = r.reduce.apply(m);
                return new Projected(expected, reduced, r.lost == null ? List.of()
                        : List.of("'" + expected + "': " + r.lost + " are not in " + relayName + "'s log"));
            }
        }
        return new Projected(expected, null, List.of("'" + expected + "': " + relayName
                + "'s log has no counterpart for this line"));
    }
}
