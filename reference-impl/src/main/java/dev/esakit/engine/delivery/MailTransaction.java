package dev.esakit.engine.delivery;

import dev.esakit.engine.EngineFault;
import dev.esakit.engine.log.DeliveryStatus;
import dev.esakit.engine.queue.QueuedMessage;
import dev.esakit.engine.smtp.DotStuffing;
import dev.esakit.engine.smtp.SmtpReply;
import io.netty.handler.codec.smtp.SmtpRequests;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One SMTP transaction (MAIL, RCPT..., DATA, content) on an open connection, for at most 100 recipients of one
 * message (CONN-5). Each recipient gets its own verdict (section 3):
 * <ul>
 *   <li>4xx to MAIL (FO-5), DATA or end of data (FO-7): {@code Delayed:} for the recipients of the transaction;
 *       5xx there (FO-11): {@code Bounced:}</li>
 *   <li>4xx to RCPT (FO-6): {@code Delayed:} for that recipient only; 5xx (FO-10): {@code Bounced:}</li>
 *   <li>421 anywhere (FO-9): the connection is closed at once, without QUIT, and the 421 is that stage's 4xx; as the
 *       server ends the session, every recipient of the transaction still without a verdict is delayed with it</li>
 *   <li>connection lost or a stage timeout (FO-8): {@code Delayed: ... 4.4.0 - Other network problem ('000',
 *       ['<error>'])} for every recipient still without a verdict; never delivered</li>
 * </ul>
 * With PIPELINING offered, MAIL and every RCPT go out together and the replies are read in order (RFC 2920);
 * DATA waits for them. MAIL carries SIZE= and BODY=8BITMIME when the server offers them.
 */
final class MailTransaction {
    /**
     * The message content as it goes on the wire, read from the spool when a transaction first needs it and kept
     * for the rest of the attempt. A message that waits for a connection slot holds no body: under a backlog,
     * thousands of them wait.
     */
    static final class Payload {
        private final Supplier<byte[]> source;
        private Wire wire;

        Payload(Supplier<byte[]> source) {
            this.source = source;
        }

        synchronized Wire wire() {
            if (wire == null) {
                byte[] content = source.get();
                wire = new Wire(DotStuffing.stuff(content), content.length, hasEightBit(content));
            }
            return wire;
        }
    }

    /** The dot-stuffed content, and the facts MAIL FROM declares about it. */
    record Wire(byte[] stuffed, long size, boolean eightBit) {
    }

    /** Eight bytes a step: for a 100 KiB body this scan was a tenth of a relayed message's event loop time. */
    static boolean hasEightBit(byte[] content) {
        int i = 0;
        for (int last = content.length - Long.BYTES; i <= last; i += Long.BYTES) {
            if (((long) LONGS.get(content, i) & 0x8080808080808080L) != 0) {
                return true;
            }
        }
        for (; i < content.length; i++) {
            if (content[i] < 0) {
                return true;
            }
        }
        return false;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.nativeOrder());

    private final DeliveryContext ctx;
    private final DeliveryConnection conn;
    private final QueuedMessage message;
    private final Payload payload;
    private Wire wire;
    private final List<Integer> rids;
    private final Map<Integer, RecipientOutcome> outcomes;
    private final Set<Integer> pending;
    private final List<Integer> accepted = new ArrayList<>();
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();

    MailTransaction(DeliveryContext ctx, DeliveryConnection conn, QueuedMessage message, Payload payload,
                    List<Integer> rids, Map<Integer, RecipientOutcome> outcomes) {
        this.ctx = ctx;
        this.conn = conn;
        this.message = message;
        this.payload = payload;
        this.rids = List.copyOf(rids);
        this.outcomes = outcomes;
        this.pending = new LinkedHashSet<>(rids);
    }

    /** Completes with true when the connection is still in step and may carry another transaction. */
    CompletableFuture<Boolean> run() {
        conn.messages++;
        try {
            wire = payload.wire();
        } catch (RuntimeException e) {
            lost(e); // the spool could not give the body: the recipients are held and tried again
            return done;
        }
        ctx.log().deliveryStart(conn.dcid, message.mid(), rids);
        List<CharSequence> params = new ArrayList<>();
        ServerCapabilities caps = conn.capabilities;
        if (caps.sizeLimit() != ServerCapabilities.NO_SIZE) {
            params.add("SIZE=" + wire.size());
        }
        if (caps.eightBitMime() && wire.eightBit()) {
            params.add("BODY=8BITMIME");
        }
        CompletableFuture<SmtpReply> mail = conn.conversation.send(SmtpRequests.mail(
                message.sender().isEmpty() ? null : message.sender(), params.toArray(CharSequence[]::new)),
                ctx.settings().commandTimeout());
        List<CompletableFuture<SmtpReply>> pipelined = new ArrayList<>();
        if (caps.pipelining()) {
            for (int rid : rids) {
                pipelined.add(rcpt(rid));
            }
        }
        mail.whenComplete(guarded((reply, error) -> {
            if (error != null) {
                lost(error);
            } else if (reply.code() == 421) {
                serverClosing(reply);
            } else if (!reply.positive()) {
                pending.forEach(rid -> verdict(rid, reply)); // FO-5, FO-11
                pending.clear();
                end(false, true);
            } else {
                nextRecipient(0, caps.pipelining() ? pipelined : null);
            }
        }));
        return done;
    }

    private CompletableFuture<SmtpReply> rcpt(int rid) {
        return conn.conversation.send(SmtpRequests.rcpt(message.recipients().get(rid)), ctx.settings().commandTimeout());
    }

    private void nextRecipient(int i, List<CompletableFuture<SmtpReply>> pipelined) {
        if (i == rids.size()) {
            data();
            return;
        }
        int rid = rids.get(i);
        (pipelined != null ? pipelined.get(i) : rcpt(rid)).whenComplete(guarded((reply, error) -> {
            if (error != null) {
                lost(error);
            } else if (reply.code() == 421) {
                serverClosing(reply);
            } else {
                if (reply.positive()) {
                    accepted.add(rid);
                } else {
                    verdict(rid, reply); // FO-6, FO-10: this recipient only
                    pending.remove(rid);
                }
                nextRecipient(i + 1, pipelined);
            }
        }));
    }

    private void data() {
        if (accepted.isEmpty()) {
            end(false, true);
            return;
        }
        conn.conversation.send(SmtpRequests.data(), ctx.settings().dataInitTimeout()).whenComplete(guarded((reply, error) -> {
            if (error != null) {
                lost(error);
            } else if (reply.code() == 421) {
                serverClosing(reply);
            } else if (reply.code() != 354) {
                pending.forEach(rid -> verdict(rid, reply)); // FO-7, FO-11
                pending.clear();
                end(false, true);
            } else {
                conn.conversation.sendContent(wire.stuffed(), ctx.settings().dataBlockTimeout(),
                                ctx.settings().dataEndTimeout())
                        .whenComplete(guarded(this::onDataEnd));
            }
        }));
    }

    private void onDataEnd(SmtpReply reply, Throwable error) {
        if (error != null) {
            lost(error);
            return;
        }
        if (reply.code() == 421) {
            serverClosing(reply);
            return;
        }
        if (reply.positive()) {
            pending.forEach(rid -> outcomes.put(rid, new RecipientOutcome.Delivered(conn.dcid, reply.wireText())));
            ctx.log().messageDone(conn.dcid, message.mid(), accepted);
            ctx.log().response(message.mid(), accepted, String.join(" ", reply.lines()));
        } else {
            pending.forEach(rid -> verdict(rid, reply)); // FO-7, FO-11
        }
        pending.clear();
        end(true, true);
    }

    /**
     * A step that throws (an engine fault) ends the transaction: the connection is closed, since its state is
     * unknown, and the attempt hears of it through a failed future; the recipients without a verdict stay open.
     */
    private <T> BiConsumer<T, Throwable> guarded(BiConsumer<T, Throwable> step) {
        return EngineFault.guard(() -> "DCID " + conn.dcid + " MID " + message.mid(), step, fault -> {
            conn.conversation.close();
            done.completeExceptionally(fault);
        });
    }

    /** FO-9: the server ends the session; close now, and its 421 is the verdict of this stage. */
    private void serverClosing(SmtpReply reply) {
        pending.forEach(rid -> verdict(rid, reply));
        pending.clear();
        conn.close(false, ctx.quitTimeout());
        done.complete(false);
    }

    /** FO-8: lost or timed out before the final reply to the end of data. */
    private void lost(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String detail = cause instanceof ConnectionLost cl && cl.timeout() ? "timeout"
                : SmtpConversation.describe(cause);
        DeliveryStatus status = DeliveryStatus.withoutReply("4.4.0", detail);
        for (int rid : pending) {
            ctx.log().delayed(conn.dcid, message.mid(), message.sender(), message.recipients().get(rid), rid, status);
            outcomes.put(rid, new RecipientOutcome.Delayed(conn.dcid, status));
        }
        pending.clear();
        conn.close(false, ctx.quitTimeout());
        done.complete(false);
    }

    private void end(boolean reusable, boolean quitIfNot) {
        if (!reusable) {
            conn.close(quitIfNot, ctx.quitTimeout());
        }
        done.complete(reusable);
    }

    private void verdict(int rid, SmtpReply reply) {
        DeliveryStatus status = DeliveryStatus.of(reply);
        String rcpt = message.recipients().get(rid);
        if (reply.permanentFailure()) {
            ctx.log().bounced(conn.dcid, message.mid(), message.sender(), rcpt, rid, status);
            outcomes.put(rid, new RecipientOutcome.Bounced(conn.dcid, status));
        } else {
            ctx.log().delayed(conn.dcid, message.mid(), message.sender(), rcpt, rid, status);
            outcomes.put(rid, new RecipientOutcome.Delayed(conn.dcid, status));
        }
    }
}
