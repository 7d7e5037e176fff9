package dev.esakit.harness.logsource.dialect;

import dev.esakit.engine.log.Ctime;
import dev.esakit.harness.logsource.LogRecord;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Postfix's log ({@code maillog_file} lines or syslog records) into the delivery events the catalog
 * asserts, each written as a stamped line in the reduced ESA form that {@link EsaProjection} produces from
 * an expectation:
 *
 * <pre>
 * New SMTP DCID d address IP                      a connection to a destination (tried or made)
 * Connection Error: DCID d IP: IP reason: R       R = network error | unexpected SMTP response
 * DCID d IP IP TLS was required but could not be successfully negotiated
 * Delayed: DCID d MID m ('CODE')                  a 4xx (or '000': lost connection) inside a transaction
 * Bounced: DCID d MID m ('CODE')                  a 5xx verdict; DCID 0 and '000' for an expired message
 * Message done DCID d MID m                       delivered on that connection
 * MID m pending                                   held for a later retry
 * Message finished MID m done                     left the queue
 * MID m From: &lt;s&gt; / MID m Message-ID '&lt;id&gt;'    what was received
 * MID b was generated for bounce of MID m
 * </pre>
 *
 * Postfix has no connection or message numbers, so the reader makes them: a MID per queue ID in order of
 * appearance, a DCID per connection. Postfix logs a successful connection only through what happened on it,
 * so a connection's {@code New SMTP DCID} event is placed just before its first outcome. Connection reuse is
 * read from {@code conn_use=}.
 */
public final class PostfixLogReader {
    private static final Pattern BSD_HEADER = Pattern.compile(
            "^(?<mon>[A-Z][a-z]{2}) +(?<day>\\d{1,2}) (?<time>\\d\\d:\\d\\d:\\d\\d)(?:\\.\\d+)? (?<host>\\S+) (?<rest>.*)$");
    private static final Pattern ISO_HEADER = Pattern.compile(
            "^(?<ts>\\d{4}-\\d\\d-\\d\\dT\\S+) (?<host>\\S+) (?<rest>.*)$");
    private static final Pattern PROGRAM = Pattern.compile("^(?<prog>[\\w.-]+/[\\w.-]+)(?:\\[(?<pid>\\d+)])?: (?<msg>.*)$");
    private static final Pattern QUEUED = Pattern.compile("^(?<qid>(?!NOQUEUE)[0-9A-Za-z]{5,}): (?<msg>.*)$");
    private static final String HOST = "(?<host>[^\\[\\s]*)\\[(?<ip>[^\\]]+)]";
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)]");
    private static final Pattern CONNECT_FAILED = Pattern.compile("^connect to " + HOST + ":(?<port>\\d+): (?<err>.*)$");
    private static final Pattern REFUSED_TO_TALK = Pattern.compile("^host " + HOST + " refused to talk to me: (?<reply>.*)$");
    private static final Pattern SAID = Pattern.compile(
            "^host " + HOST + " said: (?<reply>.*?) \\(in reply to (?<stage>.+?) command\\)$");
    private static final Pattern LOST = Pattern.compile(
            "^(?:lost connection with|conversation with) " + HOST + " (?:timed out )?while (?<stage>.+)$");
    private static final Pattern TLS_REQUIRED = Pattern.compile(
            "^(?:TLS is required, but (?:was not offered by host|our TLS engine is unavailable by host|host)"
                    + "|Cannot start TLS: handshake failure.*host) " + HOST + ".*$");
    private static final Pattern STATUS = Pattern.compile(
            "^to=<(?<rcpt>[^>]*)>,(?: orig_to=<[^>]*>,)? relay=(?<relay>[^,]+),(?: conn_use=(?<use>\\d+),)?"
                    + ".*? dsn=(?<dsn>[\\d.]+), status=(?<status>[a-z]+) \\((?<reason>.*)\\)$");
    private static final Pattern RELAY = Pattern.compile("^(?<host>[^\\[]*)\\[(?<ip>[^\\]]+)](?::(?<port>\\d+))?$");
    private static final Pattern FROM = Pattern.compile("^from=<(?<sender>[^>]*)>, (?:size=\\d+|status=expired).*$");
    private static final Pattern MESSAGE_ID = Pattern.compile("^message-id=(?<id>\\S*)$");
    private static final Pattern BOUNCE_OF = Pattern.compile(
            "^sender (?:non-delivery|delivery status|delay status) notification: (?<qid>[0-9A-Za-z]+)$");
    private static final Pattern REPLY_CODE = Pattern.compile("^(?<code>[2-5]\\d\\d)[ -].*");
    private static final DateTimeFormatter BSD_STAMP = DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy", Locale.US);

    private final ZoneId zone;
    private final Instant now;

    public PostfixLogReader(ZoneId zone, Instant now) {
        this.zone = zone;
        this.now = now;
    }

    public static PostfixLogReader systemDefault() {
        return new PostfixLogReader(ZoneId.systemDefault(), Instant.now());
    }

    /** One event line per judged fact, stamped {@code <ctime> Info: }. */
    public List<String> events(List<LogRecord> records) {
        State s = new State();
        for (LogRecord r : records) {
            read(r, s);
        }
        s.heldMessageIds.values().forEach(s::emit); // no from= line yet: show what there is
        return s.out;
    }

    private void read(LogRecord r, State s) {
        String stamp;
        String rest;
        if (r.tag() != null) {
            stamp = Ctime.format(r.stamped() == null ? r.received() : r.stamped(), zone);
            rest = r.tag() + ": " + r.text();
        } else {
            Matcher bsd = BSD_HEADER.matcher(r.text());
            Matcher iso = ISO_HEADER.matcher(r.text());
            if (bsd.matches()) {
                stamp = bsdStamp(bsd.group("mon"), bsd.group("day"), bsd.group("time"), r.received());
                rest = bsd.group("rest");
            } else if (iso.matches()) {
                try {
                    stamp = Ctime.format(OffsetDateTime.parse(iso.group("ts")).toInstant(), zone);
                } catch (DateTimeParseException e) {
                    return;
                }
                rest = iso.group("rest");
            } else {
                return; // not a Postfix line: another program's, or a continuation
            }
        }
        Matcher p = PROGRAM.matcher(rest);
        if (!p.matches() || !p.group("prog").startsWith("postfix")) {
            return;
        }
        String program = p.group("prog").substring(p.group("prog").indexOf('/') + 1);
        String pid = p.group("pid") == null ? program : p.group("pid");
        String msg = ipv6InJavaForm(p.group("msg"));
        String qid = null;
        Matcher q = QUEUED.matcher(msg);
        if (q.matches()) {
            qid = q.group("qid");
            msg = q.group("msg");
        }
        s.stamp = stamp;
        switch (program) {
            case "smtp", "lmtp", "relay" -> smtp(s, pid, qid, msg);
            case "qmgr" -> qmgr(s, qid, msg);
            case "cleanup" -> {
                Matcher m = MESSAGE_ID.matcher(msg);
                if (qid != null && m.matches()) {
                    // Held until qmgr logs the envelope sender: the sender came first on the wire (MAIL FROM),
                    // Postfix merely logs it later, and the ESA logs From: before Message-ID.
                    s.heldMessageIds.put(qid, "MID " + s.mid(qid) + " Message-ID '" + m.group("id") + "'");
                }
            }
            case "bounce" -> {
                Matcher m = BOUNCE_OF.matcher(msg);
                if (qid != null && m.matches()) {
                    s.emit("MID " + s.mid(m.group("qid")) + " was generated for bounce of MID " + s.mid(qid));
                }
            }
            default -> {
                // smtpd, pickup, master, postlogd ... : the receiving side is not judged from Postfix's log
            }
        }
    }

    private void qmgr(State s, String qid, String msg) {
        if (qid == null) {
            return;
        }
        if (msg.equals("removed")) {
            s.emit("Message finished MID " + s.mid(qid) + " done");
            return;
        }
        Matcher m = FROM.matcher(msg);
        if (m.matches()) {
            if (msg.contains("status=expired")) {
                s.emit("Bounced: DCID 0 MID " + s.mid(qid) + " ('000')");
            } else if (s.fromSeen.add(qid)) {
                s.emit("MID " + s.mid(qid) + " From: <" + m.group("sender") + ">");
                String held = s.heldMessageIds.remove(qid);
                if (held != null) {
                    s.emit(held);
                }
            }
        }
    }

    private void smtp(State s, String pid, String qid, String msg) {
        Matcher m;
        if ((m = CONNECT_FAILED.matcher(msg)).matches()) {
            int dcid = s.connect(pid, qid, m.group("ip"), true);
            s.emit("Connection Error: DCID " + dcid + " IP: " + m.group("ip") + " reason: network error");
            s.drop(pid);
        } else if ((m = REFUSED_TO_TALK.matcher(msg)).matches()) {
            if (s.firstTime(pid, qid, m.group("ip"), m.group("reply"), "")) {
                int dcid = s.connect(pid, qid, m.group("ip"), true);
                s.emit("Connection Error: DCID " + dcid + " IP: " + m.group("ip") + " reason: unexpected SMTP response");
            }
            s.drop(pid);
        } else if ((m = SAID.matcher(msg)).matches()) {
            said(s, pid, qid, m.group("ip"), m.group("reply"), m.group("stage"), "");
        } else if ((m = LOST.matcher(msg)).matches()) {
            lost(s, pid, qid, m.group("ip"), m.group("stage"), "");
        } else if ((m = TLS_REQUIRED.matcher(msg)).matches()) {
            if (s.firstTime(pid, qid, m.group("ip"), "tls", "")) {
                int dcid = s.connect(pid, qid, m.group("ip"), false);
                s.emit("DCID " + dcid + " IP " + m.group("ip") + " TLS was required but could not be successfully negotiated");
            }
            s.drop(pid);
        } else if ((m = STATUS.matcher(msg)).matches() && qid != null) {
            status(s, pid, qid, m);
        }
    }

    private void said(State s, String pid, String qid, String ip, String reply, String stage, String rcpt) {
        if (!s.firstTime(pid, qid, ip, reply, rcpt)) {
            return;
        }
        String code = code(reply);
        boolean session = stage.startsWith("EHLO") || stage.startsWith("HELO") || stage.startsWith("XCLIENT")
                || stage.startsWith("initial");
        int dcid = s.connect(pid, qid, ip, false);
        if (stage.startsWith("STARTTLS")) {
            // Postfix reports a refused STARTTLS this way only when TLS is required (policy "encrypt").
            s.emit("DCID " + dcid + " IP " + ip + " TLS was required but could not be successfully negotiated");
            s.drop(pid);
        } else if (session) {
            s.emit("Connection Error: DCID " + dcid + " IP: " + ip + " reason: unexpected SMTP response");
            s.drop(pid);
        } else if (qid != null) {
            s.emit((code.startsWith("5") ? "Bounced" : "Delayed") + ": DCID " + dcid + " MID " + s.mid(qid)
                    + " ('" + code + "')");
        }
    }

    private void lost(State s, String pid, String qid, String ip, String stage, String rcpt) {
        if (!s.firstTime(pid, qid, ip, "lost " + stage, rcpt)) {
            return;
        }
        boolean beforeTransaction = stage.contains("greeting") || stage.contains("EHLO") || stage.contains("HELO")
                || stage.contains("STARTTLS") || stage.contains("TLS");
        int dcid = s.connect(pid, qid, ip, false);
        if (beforeTransaction || qid == null) {
            s.emit("Connection Error: DCID " + dcid + " IP: " + ip + " reason: network error");
        } else {
            s.emit("Delayed: DCID " + dcid + " MID " + s.mid(qid) + " ('000')");
        }
        s.drop(pid);
    }

    private void status(State s, String pid, String qid, Matcher m) {
        String status = m.group("status");
        String reason = m.group("reason");
        Matcher relay = RELAY.matcher(m.group("relay"));
        String mid = s.mid(qid);
        if (!relay.matches()) {
            // relay=none: no connection carried it (its "connect to" lines were logged on their own)
            if (status.equals("bounced") || status.equals("expired")) {
                s.emit("Bounced: DCID 0 MID " + mid + " ('000')");
            } else if (status.equals("deferred")) {
                s.pending(mid);
            }
            return;
        }
        String ip = relay.group("ip");
        int use = m.group("use") == null ? 1 : Integer.parseInt(m.group("use"));
        Matcher inner;
        switch (status) {
            case "sent" -> {
                int dcid = s.reuseOrConnect(pid, qid, ip, use);
                if (s.done.add(dcid + "/" + qid)) {
                    s.emit("Message done DCID " + dcid + " MID " + mid);
                }
            }
            case "bounced", "deferred" -> {
                if ((inner = SAID.matcher(reason)).matches()) {
                    s.reuseOrConnect(pid, qid, ip, use);
                    said(s, pid, qid, ip, inner.group("reply"), inner.group("stage"), m.group("rcpt"));
                } else if ((inner = LOST.matcher(reason)).matches()) {
                    s.reuseOrConnect(pid, qid, ip, use);
                    lost(s, pid, qid, ip, inner.group("stage"), m.group("rcpt"));
                } else if ((inner = REFUSED_TO_TALK.matcher(reason)).matches()) {
                    if (s.firstTime(pid, qid, ip, inner.group("reply"), "")) {
                        int dcid = s.connect(pid, qid, ip, true);
                        s.emit("Connection Error: DCID " + dcid + " IP: " + ip + " reason: unexpected SMTP response");
                    }
                    s.drop(pid);
                } else if (TLS_REQUIRED.matcher(reason).matches()) {
                    if (s.firstTime(pid, qid, ip, "tls", "")) {
                        int dcid = s.connect(pid, qid, ip, false);
                        s.emit("DCID " + dcid + " IP " + ip + " TLS was required but could not be successfully negotiated");
                    }
                    s.drop(pid);
                } else if (status.equals("bounced")) {
                    int dcid = s.reuseOrConnect(pid, qid, ip, use);
                    s.emit("Bounced: DCID " + dcid + " MID " + mid + " ('" + codeFromDsn(m.group("dsn")) + "')");
                }
                if (status.equals("deferred")) {
                    s.pending(mid);
                }
            }
            default -> {
                // "expired" with a relay, "undeliverable", "deliverable" (address verification): not judged
            }
        }
    }

    /** An IPv6 address in its RFC 5952 form ({@code [::1]}), the form the scenario's bindings hold. */
    private static String ipv6InJavaForm(String msg) {
        Matcher m = IPV6.matcher(msg);
        if (!m.find()) {
            return msg;
        }
        StringBuilder out = new StringBuilder();
        do {
            String ip;
            try {
                // A literal: no lookup. RFC 5952's compressed form, as the scenario's bindings write it.
                ip = io.netty.util.NetUtil.toAddressString(java.net.InetAddress.getByName(m.group(1)));
            } catch (java.net.UnknownHostException e) {
                ip = m.group(1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement("[" + ip + "]"));
        } while (m.find());
        return m.appendTail(out).toString();
    }

    private static String code(String reply) {
        Matcher m = REPLY_CODE.matcher(reply);
        return m.matches() ? m.group("code") : "000";
    }

    /** Postfix's own 5xx verdicts carry only an enhanced status code: its class gives the basic code. */
    private static String codeFromDsn(String dsn) {
        return dsn.startsWith("5") ? "550" : dsn.startsWith("4") ? "450" : "000";
    }

    private String bsdStamp(String mon, String day, String time, Instant received) {
        LocalDateTime ref = LocalDateTime.ofInstant(received == null ? now : received, zone);
        int year = ref.getYear();
        MonthDay md = MonthDay.parse(mon + " " + day, DateTimeFormatter.ofPattern("MMM d", Locale.US));
        if (md.getMonthValue() > ref.getMonthValue() + 1) {
            year--; // a December line read in January
        }
        LocalDateTime t = LocalDateTime.parse(mon + " " + Integer.parseInt(day) + " " + time + " " + year, BSD_STAMP);
        return Ctime.format(t.atZone(zone).toInstant(), zone);
    }

    /** What the reader knows while going through the log: numbering, open connections, what it emitted. */
    private static final class State {
        final List<String> out = new ArrayList<>();
        final Map<String, String> mids = new LinkedHashMap<>();
        final Map<String, Conn> open = new HashMap<>();
        final Map<String, Conn> lastByIp = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        final Set<String> done = new HashSet<>();
        final Set<String> fromSeen = new HashSet<>();
        final Map<String, String> heldMessageIds = new LinkedHashMap<>();
        final Map<String, Integer> lastPending = new HashMap<>();
        int dcids;
        String stamp;

        record Conn(int dcid, String ip, String qid) {
        }

        void emit(String event) {
            out.add(stamp + " Info: " + event);
        }

        String mid(String qid) {
            return mids.computeIfAbsent(qid, q -> String.valueOf(mids.size() + 1));
        }

        /** A new connection to {@code ip}; {@code attemptOnly} for one that failed before carrying anything. */
        int connect(String pid, String qid, String ip, boolean attemptOnly) {
            Conn c = open.get(pid);
            if (c != null && c.ip.equals(ip) && java.util.Objects.equals(c.qid, qid) && !attemptOnly) {
                return c.dcid;
            }
            int dcid = ++dcids;
            emit("New SMTP DCID " + dcid + " address " + ip);
            open.put(pid, new Conn(dcid, ip, qid));
            lastByIp.put(ip, new Conn(dcid, ip, qid));
            return dcid;
        }

        int reuseOrConnect(String pid, String qid, String ip, int use) {
            Conn c = open.get(pid);
            if (c != null && c.ip.equals(ip) && (use > 1 || java.util.Objects.equals(c.qid, qid))) {
                open.put(pid, new Conn(c.dcid, ip, qid));
                return c.dcid;
            }
            // A cached connection (conn_use > 1) may come back to another smtp process: the last one to the host.
            Conn cached = use > 1 ? lastByIp.get(ip) : null;
            if (cached != null) {
                open.put(pid, new Conn(cached.dcid, ip, qid));
                return cached.dcid;
            }
            return connect(pid, qid, ip, false);
        }

        void drop(String pid) {
            open.remove(pid);
        }

        /** Postfix repeats a host's reply in each recipient's status line; judge it once per recipient. */
        boolean firstTime(String pid, String qid, String ip, String what, String rcpt) {
            return seen.add(pid + "|" + qid + "|" + ip + "|" + what + "|" + rcpt);
        }

        void pending(String mid) {
            Integer at = lastPending.get(mid);
            if (at != null && at == out.size() - 1) {
                return;
            }
            emit("MID " + mid + " pending");
            lastPending.put(mid, out.size() - 1);
        }
    }
}
