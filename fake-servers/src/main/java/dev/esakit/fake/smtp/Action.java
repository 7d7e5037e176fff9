package dev.esakit.fake.smtp;

import java.time.Duration;

/**
 * What the server does at a stage: wait, then send a reply (a scripted one, or the default one when
 * {@code reply} is null and {@code defaultReply} is set), then end as {@link Ending} says.
 * {@code closeAfterDataBytes} (DATA only) cuts the connection once that many message bytes arrived.
 */
record Action(SmtpReply reply, boolean defaultReply, Duration delay, Ending ending, long closeAfterDataBytes) {
    static Action reply(SmtpReply reply) {
        return new Action(reply, false, Duration.ZERO, Ending.CONTINUE, -1);
    }

    boolean sendsReply() { return reply != null || defaultReply; }

    Action endingWith(Ending newEnding) {
        return new Action(reply, defaultReply, delay, newEnding, closeAfterDataBytes);
    }
}
