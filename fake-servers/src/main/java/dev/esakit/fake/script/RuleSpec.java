package dev.esakit.fake.script;

import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.RuleBuilder;
import dev.esakit.fake.smtp.SmtpReply;
import dev.esakit.fake.smtp.Stage;

import java.time.Duration;
import java.util.List;

/**
 * One rule as written in a script (see README "YAML scripts"), already checked. {@code then} is one of
 * continue, close, reset, half-close, hang. {@code line} is where the rule starts, for messages.
 */
public record RuleSpec(Stage stage, String matching, int times, List<Integer> connections, int occurrence,
                       Duration delay, SmtpReply reply, boolean defaultReply, String then, long closeMidData,
                       int line) {

    /** Adds the rule to the server through the same fluent API Java tests use. */
    void applyTo(FakeSmtpServer server) {
        RuleBuilder b = server.on(stage);
        if (matching != null) b.matching(matching);
        if (times > 0) b.times(times);
        if (!connections.isEmpty()) b.onConnection(connections.stream().mapToInt(Integer::intValue).toArray());
        if (occurrence > 0) b.onOccurrence(occurrence);
        if (!delay.isZero()) b.delay(delay);
        if (closeMidData >= 0) {
            b.closeMidData(closeMidData);
            return;
        }
        if (defaultReply) {
            b.replyDefault();
            return;
        }
        if (reply != null) {
            String[] text = reply.lines().toArray(String[]::new);
            switch (then) {
                case "close" -> b.replyAndClose(reply.code(), text);
                case "reset" -> b.replyAndReset(reply.code(), text);
                case "half-close" -> b.replyAndHalfClose(reply.code(), text);
                case "hang" -> b.replyAndHang(reply.code(), text);
                default -> b.reply(reply.code(), text);
            }
            return;
        }
        switch (then) {
            case "close" -> b.closeWithoutReply();
            case "reset" -> b.reset();
            case "half-close" -> b.halfClose();
            case "hang" -> b.hang();
            default -> throw new IllegalStateException("unchecked rule on line " + line);
        }
    }
}
