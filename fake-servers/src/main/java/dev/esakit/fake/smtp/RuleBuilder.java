package dev.esakit.fake.smtp;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fluent rule: conditions first ({@link #times}, {@link #onConnection}, {@link #matching}, {@link #delay}),
 * then one terminal action that adds the rule to the server and returns the server for chaining.
 * <pre>host.on(Stage.MAIL).times(2).reply(451, "4.3.0 Try again later");</pre>
 */
public final class RuleBuilder {
    private final FakeSmtpServer server;
    private final Stage stage;
    private Pattern pattern;
    private final Set<Integer> connections = new LinkedHashSet<>();
    private int occurrence;
    private int times;
    private Duration delay = Duration.ZERO;

    RuleBuilder(FakeSmtpServer server, Stage stage) {
        this.server = server;
        this.stage = Objects.requireNonNull(stage, "stage");
    }

    /** Fire for the first {@code n} matching events only, then fall through. */
    public RuleBuilder times(int n) {
        if (n < 1) throw new IllegalArgumentException("times must be >= 1, got " + n);
        this.times = n;
        return this;
    }

    /** Fire only on these connections (1-based, in accept order). */
    public RuleBuilder onConnection(int... numbers) {
        for (int n : numbers) {
            if (n < 1) throw new IllegalArgumentException("connection numbers start at 1, got " + n);
            connections.add(n);
        }
        return this;
    }

    /** Fire only on the n-th matching event (1-based), counted across all connections. */
    public RuleBuilder onOccurrence(int n) {
        if (n < 1) throw new IllegalArgumentException("occurrence must be >= 1, got " + n);
        this.occurrence = n;
        return this;
    }

    /**
     * Fire only when the command's argument matches the regex in full, case-insensitively: the address
     * (without angle brackets) for MAIL and RCPT, the domain for EHLO/HELO, the mechanism line for AUTH,
     * the whole line for UNKNOWN.
     */
    public RuleBuilder matching(String regex) {
        this.pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        return this;
    }

    /** Wait this long before acting (the client sees a slow reply, or a slow close). */
    public RuleBuilder delay(Duration delay) {
        if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative");
        this.delay = delay;
        return this;
    }

    /** Send this reply; several text lines make a multi-line reply. */
    public FakeSmtpServer reply(int code, String... lines) {
        return add(SmtpReply.of(code, lines), false, Ending.CONTINUE, -1);
    }

    /** Send this reply, then close the connection. */
    public FakeSmtpServer replyAndClose(int code, String... lines) {
        return add(SmtpReply.of(code, lines), false, Ending.CLOSE, -1);
    }

    /** Send this reply, then shut down the server's sending side (half-close); reading goes on. */
    public FakeSmtpServer replyAndHalfClose(int code, String... lines) {
        return add(SmtpReply.of(code, lines), false, Ending.HALF_CLOSE, -1);
    }

    /** Send this reply, then abort the connection with a TCP RST. */
    public FakeSmtpServer replyAndReset(int code, String... lines) {
        return add(SmtpReply.of(code, lines), false, Ending.RESET, -1);
    }

    /** Send this reply, then never answer again (the connection stays open). */
    public FakeSmtpServer replyAndHang(int code, String... lines) {
        return add(SmtpReply.of(code, lines), false, Ending.HANG, -1);
    }

    /** "421 4.3.2 Service not available, closing transmission channel", then close. */
    public FakeSmtpServer serviceNotAvailable() {
        return replyAndClose(421, "4.3.2 Service not available, closing transmission channel");
    }

    /** Answer as a healthy server would (useful with {@link #delay}). */
    public FakeSmtpServer replyDefault() {
        return add(null, true, Ending.CONTINUE, -1);
    }

    /** Close the connection without a reply (at CONNECT: accept, then close before greeting). */
    public FakeSmtpServer closeWithoutReply() {
        return add(null, false, Ending.CLOSE, -1);
    }

    /** Abort the connection with a TCP RST, without a reply (at CONNECT: RST on accept). */
    public FakeSmtpServer reset() {
        return add(null, false, Ending.RESET, -1);
    }

    /** Shut down the server's sending side without a reply; the client reads EOF but may still send. */
    public FakeSmtpServer halfClose() {
        return add(null, false, Ending.HALF_CLOSE, -1);
    }

    /** Never reply and ignore the rest of the session (at CONNECT: accept but never greet). */
    public FakeSmtpServer hang() {
        return add(null, false, Ending.HANG, -1);
    }

    /** DATA only: answer 354 as usual, then close once {@code bytes} bytes of message content arrived. */
    public FakeSmtpServer closeMidData(long bytes) {
        if (stage != Stage.DATA) throw new IllegalStateException("closeMidData applies to Stage.DATA, not " + stage);
        if (bytes < 0) throw new IllegalArgumentException("bytes must be >= 0");
        return add(null, true, Ending.CONTINUE, bytes);
    }

    private FakeSmtpServer add(SmtpReply reply, boolean defaultReply, Ending ending, long closeAfterDataBytes) {
        server.addRule(new Rule(stage, pattern, connections, occurrence, times,
                new Action(reply, defaultReply, delay, ending, closeAfterDataBytes)));
        return server;
    }

    @Override
    public String toString() {
        return "RuleBuilder[" + stage + " " + Arrays.asList(pattern, connections, occurrence, times, delay) + "]";
    }
}
