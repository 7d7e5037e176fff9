package dev.esakit.engine.control;

import dev.esakit.engine.ConfigLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the destination controls file, a line form in the spirit of {@code smtproutes} (AsyncOS keeps these
 * settings apart from the routes, under Destination Controls and SMTP Authentication profiles):
 * <pre>
 * # comment
 * auth-profile relay-a user=alice password=secret       # an outgoing AUTH profile
 * example.com tls=required auth=relay-a max-connections=10
 * .example.org tls=preferred
 * ALL tls=no
 * </pre>
 * A domain line takes {@code tls=no|preferred|required}, {@code auth=PROFILE} and {@code max-connections=N},
 * each optional. A profile must be defined before a line uses it. Errors name the source, the line and what
 * is wrong.
 */
public final class DestinationControlsParser {
    private static final Pattern DOMAIN = Pattern.compile("^(?:ALL|\\.?[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)$");

    private DestinationControlsParser() {
    }

    public static DestinationControls read(Path file) {
        try {
            return new DestinationControls(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static List<DestinationControl> parse(String text, String source) {
        Map<String, AuthProfile> profiles = new HashMap<>();
        List<DestinationControl> out = new ArrayList<>();
        for (ConfigLine statement : ConfigLine.read(text, source)) {
            String where = statement.where();
            String[] words = statement.words();
            if (words[0].equals("auth-profile")) {
                if (words.length < 2) {
                    throw new IllegalArgumentException(where + "auth-profile needs a name");
                }
                Map<String, String> kv = options(words, 2, where);
                String user = kv.remove("user");
                String password = kv.remove("password");
                if (user == null || password == null) {
                    throw new IllegalArgumentException(where + "auth-profile " + words[1] + " needs user= and password=");
                }
                rejectUnknown(kv, where);
                profiles.put(words[1], new AuthProfile(words[1], user, password));
                continue;
            }
            if (!DOMAIN.matcher(words[0]).matches()) {
                throw new IllegalArgumentException(where + "'" + words[0]
                        + "' is not a domain, a partial domain (.example.com), ALL or auth-profile");
            }
            DestinationControl control = DestinationControl.defaults(words[0]);
            Map<String, String> kv = options(words, 1, where);
            try {
                String tls = kv.remove("tls");
                if (tls != null) {
                    control = control.withTls(TlsMode.parse(tls));
                }
                String auth = kv.remove("auth");
                if (auth != null) {
                    AuthProfile profile = profiles.get(auth);
                    if (profile == null) {
                        throw new IllegalArgumentException("no auth-profile named '" + auth + "' above this line");
                    }
                    control = control.withAuth(profile);
                }
                String max = kv.remove("max-connections");
                if (max != null) {
                    control = control.withMaxConnections(Integer.parseInt(max));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "max-connections is not a number: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            rejectUnknown(kv, where);
            out.add(control);
        }
        return out;
    }

    private static Map<String, String> options(String[] words, int from, String where) {
        Map<String, String> kv = new HashMap<>();
        for (int i = from; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + "'" + words[i] + "' is not of the form key=value");
            }
            kv.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return kv;
    }

    private static void rejectUnknown(Map<String, String> kv, String where) {
        if (!kv.isEmpty()) {
            throw new IllegalArgumentException(where + "unknown setting '" + kv.keySet().iterator().next()
                    + "' (known: tls, auth, max-connections; for auth-profile: user, password)");
        }
    }
}
