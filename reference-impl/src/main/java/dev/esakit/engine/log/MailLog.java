package dev.esakit.engine.log;

import static dev.esakit.engine.log.LogText.escape;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every line form of the ESA mail log (ESA-PROFILE section 5, LOG-1), in one place. The engine writes
 * no log line except through a method here. Text that came from a peer goes through {@link LogText#escape}
 * here, never at the call site, so no caller can forget it (LOG-3).
 */
public final class MailLog {
    private final MailLogWriter writer;

    public MailLog(MailLogWriter writer) {
        this.writer = writer;
    }

    // ---- header (written when a log file begins) ----

    public void header(String version, String serial, Instant now) {
        ZoneId zone = writer.zone();
        int offset = ZonedDateTime.ofInstant(now, zone).getOffset().getTotalSeconds();
        info("Begin Logfile");
        info("Version: " + version + " SN: " + serial);
        info("Time offset from UTC: " + offset + " seconds");
    }

    // ---- receiving ----

    public void newInjection(long icid, String ifName, String ifAddr, String peer, String reverseDns, boolean verified) {
        info("New SMTP ICID " + icid + " interface " + ifName + " (" + ifAddr + ") address " + peer
                + " reverse dns host " + (reverseDns == null ? "unknown" : escape(reverseDns))
                + " verified " + (verified ? "yes" : "no"));
    }

    public void injectionAccepted(long icid) {
        info("ICID " + icid + " ACCEPT SG None match ALL SBRS not enabled country not enabled");
    }

    public void startMessage(long mid, long icid) {
        info("Start MID " + mid + " ICID " + icid);
    }

    public void envelopeFrom(long mid, long icid, String sender) {
        info("MID " + mid + " ICID " + icid + " From: <" + escape(sender) + ">");
    }

    public void envelopeTo(long mid, long icid, int rid, String recipient) {
        info("MID " + mid + " ICID " + icid + " RID " + rid + " To: <" + escape(recipient) + ">");
    }

    public void rejectedByRat(long mid, long icid, String recipient) {
        info("MID " + mid + " ICID " + icid + " To: <" + escape(recipient) + "> Rejected by RAT");
    }

    public void messageId(long mid, String messageId) {
        info("MID " + mid + " Message-ID '" + escape(messageId) + "'");
    }

    public void subject(long mid, String subject) {
        info("MID " + mid + " Subject '" + escape(subject) + "'");
    }

    public void ready(long mid, long bytes, String sender) {
        info("MID " + mid + " ready " + bytes + " bytes from <" + escape(sender) + ">");
    }

    public void injectionClosed(long icid) {
        info("ICID " + icid + " close");
    }

    public void queuedForDelivery(long mid) {
        info("MID " + mid + " queued for delivery");
    }

    // ---- delivering ----

    public void newDelivery(long dcid, String localIp, String remoteIp, int port) {
        info("New SMTP DCID " + dcid + " interface " + localIp + " address " + remoteIp + " port " + port);
    }

    public void tlsSuccess(long dcid, String protocol, String cipher) {
        info("DCID " + dcid + " TLS success protocol " + protocol + " cipher " + cipher);
    }

    public void tlsFailed(long dcid, String why) {
        info("DCID " + dcid + " TLS failed: " + escape(why));
    }

    public void tlsRequiredFailed(long dcid, String remoteIp) {
        info("DCID " + dcid + " IP " + remoteIp + " TLS was required but could not be successfully negotiated");
    }

    public void deliveryStart(long dcid, long mid, List<Integer> rids) {
        info("Delivery start DCID " + dcid + " MID " + mid + " to RID " + ridList(rids));
    }

    public void messageDone(long dcid, long mid, List<Integer> rids) {
        info("Message done DCID " + dcid + " MID " + mid + " to RID " + ridList(rids));
    }

    public void response(long mid, List<Integer> rids, String finalReplyText) {
        info("MID " + mid + " RID " + ridList(rids) + " Response '" + escape(finalReplyText) + "'");
    }

    /**
     * RT-4: recipients dropped by a {@code /dev/null} route. AsyncOS documents the drop but not its line; this form
     * is reference-defined, next to {@code Message done}.
     */
    public void droppedByRoute(long mid, List<Integer> rids) {
        info("MID " + mid + " to RID " + ridList(rids) + " dropped by SMTP route /dev/null");
    }

    public void messageFinished(long mid) {
        info("Message finished MID " + mid + " done");
    }

    public void deliveryClosed(long dcid) {
        info("DCID " + dcid + " close");
    }

    /** A host failure before any transaction (FO-1..FO-4, FO-8, FO-12). */
    public void connectionError(long dcid, String domain, String remoteIp, int port, String details,
                                String localIp, ConnectionErrorReason reason) {
        info("Connection Error: DCID " + dcid + " domain: " + escape(domain) + " IP: " + remoteIp + " port: " + port
                + " details: " + escape(details) + " interface: " + localIp + " reason: " + reason.text());
    }

    public void delayed(long dcid, long mid, String sender, String recipient, int rid, DeliveryStatus status) {
        info("Delayed: " + recipientStatus(dcid, mid, sender, recipient, rid, status));
    }

    public void bounced(long dcid, long mid, String sender, String recipient, int rid, DeliveryStatus status) {
        info("Bounced: " + recipientStatus(dcid, mid, sender, recipient, rid, status));
    }

    public void pendingTill(long mid, List<Integer> rids, Instant retryAt) {
        info("MID " + mid + " to RID " + ridList(rids) + " pending till " + Ctime.format(retryAt, writer.zone()));
    }

    public void bounceGenerated(long bounceMid, long mid) {
        info("MID " + bounceMid + " was generated for bounce of MID " + mid);
    }

    // ---- queue (holds, expiry, notifications) ----

    /** the delay warning is a generated message, linked to its original like a bounce. */
    public void delayWarningGenerated(long warningMid, long mid) {
        info("MID " + warningMid + " was generated for delay warning of MID " + mid);
    }

    private static String recipientStatus(long dcid, long mid, String sender, String recipient, int rid,
                                          DeliveryStatus status) {
        String lines = status.replyLines().stream()
                .map(line -> "'" + escape(line).replace("'", "\\'") + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        return "DCID " + dcid + " MID " + mid + " From: <" + escape(sender) + "> To: <" + escape(recipient) + "> RID "
                + rid + " - " + status.enhancedCode() + " - " + status.phrase()
                + " ('" + status.basicCode() + "', " + lines + ")";
    }

    private static String ridList(List<Integer> rids) {
        return rids.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    private void info(String text) {
        writer.write(Level.INFO, text);
    }
}
