package dev.esakit.fake.script;

import dev.esakit.fake.smtp.Extension;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.SmtpReply;
import dev.esakit.fake.smtp.Stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * A fake SMTP host described in YAML: server settings plus rules that drive the same fluent API as Java
 * tests. Every problem is a {@link ScriptException} naming file, line and column. Format: README.md.
 */
public final class SmtpScript {
    private static final List<String> TOP_KEYS = List.of("listen", "hostname", "extensions", "size", "bandwidth", "auth", "rules");
    private static final List<String> RULE_KEYS = List.of("on", "matching", "times", "connection", "occurrence", "delay",
            "reply", "text", "then", "close-mid-data");
    private static final List<String> THENS = List.of("continue", "close", "reset", "half-close", "hang");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");
    private static final Pattern CODE_AND_TEXT = Pattern.compile("(\\d{3})(?:[ -](.*))?");

    private final String source;
    private final ListenAddress listen;
    private final String hostname;
    private final Set<Extension> extensions;
    private final Long size;
    private final long bandwidth;
    private final Map<String, String> credentials;
    private final List<RuleSpec> rules;

    private SmtpScript(String source, ListenAddress listen, String hostname, Set<Extension> extensions, Long size,
                       long bandwidth, Map<String, String> credentials, List<RuleSpec> rules) {
        this.source = source;
        this.listen = listen;
        this.hostname = hostname;
        this.extensions = extensions;
        this.size = size;
        this.bandwidth = bandwidth;
        this.credentials = credentials;
        this.rules = List.copyOf(rules);
    }

    /** Reads and checks a script file; errors name the file as given. */
    public static SmtpScript load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScriptException(file.toString(), 1, 0, "cannot read the script: " + e);
        }
        return parse(text, file.toString());
    }

    /** Checks a script given as text; {@code source} labels it in error messages. */
    public static SmtpScript parse(String yaml, String source) {
        ScriptNode root = YamlTreeReader.read(yaml, source);
        if (root.kind != ScriptNode.Kind.MAP) throw root.error("a script is a mapping with keys " + TOP_KEYS + ", not " + root.describe());
        checkKeys(root, TOP_KEYS, "script");
        ListenAddress listen = null;
        if (root.fields.containsKey("listen")) {
            ScriptNode n = root.fields.get("listen");
            try {
                listen = ListenAddress.parse(string(n, "listen"));
            } catch (IllegalArgumentException e) {
                throw n.error("listen: " + e.getMessage());
            }
        }
        String hostname = root.fields.containsKey("hostname") ? string(root.fields.get("hostname"), "hostname") : null;
        Set<Extension> extensions = null;
        if (root.fields.containsKey("extensions")) {
            extensions = EnumSet.noneOf(Extension.class);
            for (ScriptNode item : list(root.fields.get("extensions"), "extensions")) {
                try {
                    extensions.add(Extension.parse(string(item, "an extension")));
                } catch (IllegalArgumentException e) {
                    throw item.error(e.getMessage());
                }
            }
        }
        Long size = root.fields.containsKey("size") ? (long) integer(root.fields.get("size"), "size", 0) : null;
        long bandwidth = root.fields.containsKey("bandwidth") ? integer(root.fields.get("bandwidth"), "bandwidth", 0) : 0;
        Map<String, String> credentials = new LinkedHashMap<>();
        if (root.fields.containsKey("auth")) {
            ScriptNode auth = root.fields.get("auth");
            if (auth.kind != ScriptNode.Kind.MAP) throw auth.error("auth is a mapping: {user: NAME, password: SECRET}, not " + auth.describe());
            checkKeys(auth, List.of("user", "password"), "auth");
            if (!auth.fields.containsKey("user") || !auth.fields.containsKey("password")) {
                throw auth.error("auth needs both 'user' and 'password'");
            }
            credentials.put(string(auth.fields.get("user"), "user"), string(auth.fields.get("password"), "password"));
        }
        List<RuleSpec> rules = new ArrayList<>();
        if (root.fields.containsKey("rules")) {
            ScriptNode ruleList = root.fields.get("rules");
            if (ruleList.kind != ScriptNode.Kind.NULL) {
                for (ScriptNode r : list(ruleList, "rules")) rules.add(rule(r));
            }
        }
        return new SmtpScript(source, listen, hostname, extensions, size, bandwidth, credentials, rules);
    }

    private static RuleSpec rule(ScriptNode r) {
        if (r.kind != ScriptNode.Kind.MAP) throw r.error("a rule is a mapping starting with 'on: STAGE', not " + r.describe());
        checkKeys(r, RULE_KEYS, "rule");
        ScriptNode on = r.fields.get("on");
        if (on == null) throw r.error("the rule has no 'on:' (one of " + stageNames() + ")");
        Stage stage = stage(on);

        String matching = null;
        if (r.fields.containsKey("matching")) {
            ScriptNode m = r.fields.get("matching");
            matching = string(m, "matching");
            try {
                Pattern.compile(matching);
            } catch (PatternSyntaxException e) {
                throw m.error("matching is not a valid regular expression: " + e.getDescription());
            }
        }
        int times = r.fields.containsKey("times") ? integer(r.fields.get("times"), "times", 1) : 0;
        int occurrence = r.fields.containsKey("occurrence") ? integer(r.fields.get("occurrence"), "occurrence", 1) : 0;
        List<Integer> connections = new ArrayList<>();
        if (r.fields.containsKey("connection")) {
            ScriptNode c = r.fields.get("connection");
            if (c.kind == ScriptNode.Kind.LIST) {
                for (ScriptNode item : c.items) connections.add(integer(item, "connection", 1));
            } else {
                connections.add(integer(c, "connection", 1));
            }
        }
        Duration delay = r.fields.containsKey("delay") ? duration(r.fields.get("delay")) : Duration.ZERO;

        SmtpReply reply = null;
        boolean defaultReply = false;
        ScriptNode replyNode = r.fields.get("reply");
        ScriptNode textNode = r.fields.get("text");
        if (replyNode != null) {
            if (replyNode.kind == ScriptNode.Kind.STRING && replyNode.text.trim().equalsIgnoreCase("default")) {
                if (textNode != null) throw textNode.error("'text' makes no sense with 'reply: default'");
                defaultReply = true;
            } else if (replyNode.kind == ScriptNode.Kind.NUMBER) {
                int code = replyCode(replyNode, replyNode.text);
                reply = new SmtpReply(code, textNode == null ? List.of() : textLines(textNode));
            } else if (replyNode.kind == ScriptNode.Kind.STRING) {
                Matcher m = CODE_AND_TEXT.matcher(replyNode.text.trim());
                if (!m.matches()) {
                    throw replyNode.error("reply must be 'default', a code (452) or a code and text "
                            + "('451 4.3.0 Try again later'), not " + replyNode.describe());
                }
                if (textNode != null) throw textNode.error("give the reply text either after the code in 'reply' or in 'text', not both");
                int code = replyCode(replyNode, m.group(1));
                reply = new SmtpReply(code, m.group(2) == null ? List.of() : List.of(m.group(2)));
            } else {
                throw replyNode.error("reply must be 'default', a code (452) or a code and text, not " + replyNode.describe());
            }
        } else if (textNode != null) {
            throw textNode.error("'text' needs a 'reply' code");
        }

        String then = "continue";
        if (r.fields.containsKey("then")) {
            ScriptNode t = r.fields.get("then");
            then = string(t, "then").trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (!THENS.contains(then)) throw t.error("then must be one of " + THENS + ", not " + t.describe());
            if (defaultReply && !then.equals("continue")) throw t.error("'reply: default' goes only with 'then: continue'");
        }

        long closeMidData = -1;
        if (r.fields.containsKey("close-mid-data")) {
            ScriptNode c = r.fields.get("close-mid-data");
            if (stage != Stage.DATA) throw c.error("close-mid-data applies to 'on: data' only, not 'on: " + on.text + "'");
            if (reply != null) throw c.error("close-mid-data answers DATA with the default 354; drop 'reply' or use 'reply: default'");
            if (!then.equals("continue")) throw c.error("close-mid-data cannot be combined with 'then: " + then + "'");
            closeMidData = integer(c, "close-mid-data", 0);
        }
        if (reply == null && !defaultReply && then.equals("continue") && closeMidData < 0) {
            throw r.error("the rule for '" + on.text + "' does nothing: give a 'reply', a 'then' "
                    + "(close, reset, half-close, hang) or 'close-mid-data'");
        }
        return new RuleSpec(stage, matching, times, connections, occurrence, delay, reply, defaultReply, then,
                closeMidData, r.line);
    }

    // --- applying ---------------------------------------------------------------------------------

    /** The address from the script, if it names one. */
    public Optional<ListenAddress> listen() { return Optional.ofNullable(listen); }

    public String source() { return source; }

    public List<RuleSpec> rules() { return rules; }

    /** Applies settings and rules to a not yet started (or running) server. */
    public FakeSmtpServer applyTo(FakeSmtpServer server) {
        if (hostname != null) server.hostname(hostname);
        if (extensions != null) server.extensions(extensions);
        if (size != null) server.sizeLimit(size);
        if (bandwidth > 0) server.bandwidth(bandwidth);
        credentials.forEach(server::credentials);
        for (RuleSpec rule : rules) rule.applyTo(server);
        return server;
    }

    // --- scalar checks ----------------------------------------------------------------------------

    private static void checkKeys(ScriptNode map, List<String> known, String what) {
        for (Map.Entry<String, ScriptNode> e : map.fields.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw e.getValue().error("unknown key '" + e.getKey() + "' in " + what + " (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static Stage stage(ScriptNode on) {
        String name = string(on, "on").trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (name.equals("END_OF_DATA")) name = "DATA_END";
        try {
            return Stage.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw on.error("unknown stage " + on.describe() + " (one of " + stageNames() + ")");
        }
    }

    private static String stageNames() {
        return Arrays.stream(Stage.values()).map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }

    private static String string(ScriptNode n, String what) {
        if (!n.isScalar()) throw n.error(what + " must be a single value, not " + n.describe());
        return n.text;
    }

    private static List<ScriptNode> list(ScriptNode n, String what) {
        if (n.kind != ScriptNode.Kind.LIST) throw n.error(what + " must be a list, not " + n.describe());
        return n.items;
    }

    private static int integer(ScriptNode n, String what, int min) {
        if (n.kind == ScriptNode.Kind.NUMBER) {
            try {
                int v = Integer.parseInt(n.text);
                if (v >= min) return v;
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw n.error(what + " must be a whole number >= " + min + ", not " + n.describe());
    }

    private static int replyCode(ScriptNode n, String text) {
        int code = Integer.parseInt(text.trim());
        if (code < 200 || code > 599) throw n.error("reply code must be 200..599, not " + code);
        return code;
    }

    private static List<String> textLines(ScriptNode n) {
        List<String> lines = new ArrayList<>();
        if (n.kind == ScriptNode.Kind.LIST) {
            for (ScriptNode item : n.items) lines.add(textLine(item));
        } else {
            lines.add(textLine(n));
        }
        return lines;
    }

    private static String textLine(ScriptNode n) {
        String s = string(n, "text");
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) throw n.error("a reply text line must not contain a line break; use a list for several lines");
        return s;
    }

    private static Duration duration(ScriptNode n) {
        String s = n.isScalar() ? n.text.trim() : "";
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) throw n.error("delay needs a number and a unit (250ms, 2s, 1.5s, 1m), not " + n.describe());
        double amount = Double.parseDouble(m.group(1));
        long millis = Math.round(amount * switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            default -> 60_000;
        });
        return Duration.ofMillis(millis);
    }
}
