package dev.esakit.engine.log;

import dev.esakit.engine.smtp.SmtpReply;
import java.util.List;
import java.util.Map;

/**
 * The status part of a {@code Delayed:} or {@code Bounced:} line: {@code <x.y.z> - <phrase> ('<code>', ['<line>', ...])}.
 *
 * <p>LOG-4 (reference-defined), the one place for both tables.
 *
 * <p><b>Enhanced code.</b> The RFC 3463 code at the start of the reply's last line when there is one
 * ({@code 452 4.3.1 Insufficient system resources} gives 4.3.1). Otherwise derived from the basic code:
 * <table>
 *   <caption>Enhanced code without one in the reply</caption>
 *   <tr><th>reply</th><th>enhanced code</th></tr>
 *   <tr><td>4xx</td><td>4.0.0</td></tr>
 *   <tr><td>5xx</td><td>5.0.0</td></tr>
 *   <tr><td>no reply (timeout, connection lost; code '000')</td><td>4.4.0</td></tr>
 *   <tr><td>DNS hard error (NXDOMAIN) for a domain without a route</td><td>5.1.2</td></tr>
 *   <tr><td>message too long in the queue (Q-5)</td><td>5.4.7</td></tr>
 * </table>
 *
 * <p><b>Phrase.</b> Looked up in {@link #PHRASES} by the whole enhanced code, then by its class and subject
 * ({@code x.y.0}), then by its class ({@code x.0.0}):
 * <table>
 *   <caption>Phrases</caption>
 *   <tr><th>code</th><th>phrase</th><th>source</th></tr>
 *   <tr><td>4.3.1</td><td>Mail system full</td><td>AsyncOS [TN117875]</td></tr>
 *   <tr><td>4.3.2</td><td>Not accepting messages at this time</td><td>AsyncOS</td></tr>
 *   <tr><td>4.4.0 (and 4.4.x)</td><td>Other network problem</td><td>AsyncOS</td></tr>
 *   <tr><td>4.1.0, 5.1.0 (and x.1.x)</td><td>Unknown address error</td><td>AsyncOS</td></tr>
 *   <tr><td>5.1.2</td><td>Bad destination host</td><td>AsyncOS</td></tr>
 *   <tr><td>5.4.7</td><td>Delivery expired (message too old)</td><td>AsyncOS</td></tr>
 *   <tr><td>4.0.0, 5.0.0 (anything else)</td><td>Other or undefined status</td><td>RFC 3463 X.0.0</td></tr>
 * </table>
 * So {@code 451 4.3.0 Try later} is {@code 4.3.0 - Other or undefined status}, {@code 550 5.1.1 No such user}
 * {@code 5.1.1 - Unknown address error}, and {@code 421 4.4.2 Closing} {@code 4.4.2 - Other network problem}.
 */
public record DeliveryStatus(String enhancedCode, String phrase, String basicCode, List<String> replyLines) {

    /** Phrases AsyncOS writes for an enhanced status code. */
    static final Map<String, String> PHRASES = Map.ofEntries(
            Map.entry("4.3.1", "Mail system full"),
            Map.entry("4.3.2", "Not accepting messages at this time"),
            Map.entry("4.4.0", "Other network problem"),
            Map.entry("4.1.0", "Unknown address error"),
            Map.entry("5.1.0", "Unknown address error"),
            Map.entry("5.1.2", "Bad destination host"),
            Map.entry("5.4.7", "Delivery expired (message too old)"),
            Map.entry("4.0.0", "Other or undefined status"),
            Map.entry("5.0.0", "Other or undefined status"));

    public DeliveryStatus {
        replyLines = List.copyOf(replyLines);
    }

    /** The status of an SMTP reply from a destination. */
    public static DeliveryStatus of(SmtpReply reply) {
        String enhanced = reply.enhancedCode();
        if (enhanced == null) {
            enhanced = reply.permanentFailure() ? "5.0.0" : "4.0.0";
        }
        return new DeliveryStatus(enhanced, phraseFor(enhanced), String.valueOf(reply.code()), reply.lines());
    }

    /** A failure without any SMTP reply (network error, timeout): code '000' (LOG-2). */
    public static DeliveryStatus withoutReply(String enhancedCode, String error) {
        return new DeliveryStatus(enhancedCode, phraseFor(enhancedCode), "000", List.of(error));
    }

    static String phraseFor(String enhancedCode) {
        String phrase = PHRASES.get(enhancedCode);
        if (phrase == null) {
            String[] parts = enhancedCode.split("\\.");
            phrase = PHRASES.getOrDefault(parts[0] + "." + parts[1] + ".0",
                    PHRASES.get(parts[0] + ".0.0"));
        }
        return phrase;
    }
}
