package dev.esakit.engine.log;

import dev.esakit.engine.smtp.SmtpReply;
import java.util.List;
import java.util.Map;

/**
 * The status part of a {@code Delayed:} or {@code Bounced:} line: {@code <x.y.z> - <phrase> ('<code>', ['<line>', ...])}.
 *
 * <p>LOG-4, the one place for both tables: the enhanced code is the one the reply carries; without one it is
 * derived from the basic code (4xx to 4.0.0, 5xx to 5.0.0, no reply to 4.4.0); the phrase comes from
 * {@link #PHRASES}, keyed by the enhanced code, then by its class and subject ({@code x.1.0}), and last
 * by its class alone.
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
