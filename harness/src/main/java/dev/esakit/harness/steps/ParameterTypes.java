package dev.esakit.harness.steps;

import dev.esakit.fake.smtp.Extension;
import dev.esakit.fake.smtp.Stage;
import io.cucumber.java.ParameterType;
import java.time.Duration;

/** Words a mail engineer writes in steps, turned into the fake servers' terms. */
public class ParameterTypes {
    @ParameterType("greeting|EHLO|HELO|STARTTLS|AUTH|MAIL FROM|RCPT TO|DATA|end of data|RSET|NOOP|QUIT")
    public Stage stage(String word) {
        return switch (word) {
            case "greeting" -> Stage.GREETING;
            case "MAIL FROM" -> Stage.MAIL;
            case "RCPT TO" -> Stage.RCPT;
            case "end of data" -> Stage.DATA_END;
            default -> Stage.valueOf(word);
        };
    }

    /** "60 seconds", "1 minute", "72 hours". */
    @ParameterType("(\\d+) (seconds?|minutes?|hours?)")
    public Duration duration(String amount, String unit) {
        long n = Long.parseLong(amount);
        return switch (unit.replaceAll("s$", "")) {
            case "second" -> Duration.ofSeconds(n);
            case "minute" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    @ParameterType("PIPELINING|SIZE|8BITMIME|STARTTLS|AUTH PLAIN|AUTH LOGIN|ENHANCEDSTATUSCODES")
    public Extension extension(String word) {
        return Extension.parse(word);
    }

    /** Parses "60 s", "60 seconds", "1 minute", "72 h" in tables. */
    static Duration parseDuration(String text) {
        String t = text.strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(s|seconds?|m|min|minutes?|h|hours?)")
                .matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like '60 s', '5 minutes', '72 h'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).charAt(0)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
