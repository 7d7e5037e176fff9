package dev.esakit.engine.queue;

import dev.esakit.engine.ConfigLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads bounce profiles and their routes from text, one statement a line ({@code #} starts a comment):
 * <pre>
 * profile default max-retries=100 max-time-in-queue=259200 initial-wait=60 max-wait=3600 delay-warnings=no
 * profile slow initial-wait=300 max-wait=7200
 * route .example.com slow
 * </pre>
 * Times are seconds. A setting a profile does not name keeps the ESA default (section 4); {@code profile default}
 * changes the profile of every route that names none. A bad line is reported with its source and line number.
 */
public final class BounceProfilesParser {
    private BounceProfilesParser() {
    }

    public static BounceProfiles read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static BounceProfiles parse(String text, String source) {
        Map<String, BounceProfile> profiles = new LinkedHashMap<>();
        List<String[]> routes = new ArrayList<>();
        List<Integer> routeLines = new ArrayList<>();
        for (ConfigLine statement : ConfigLine.read(text, source)) {
            String[] words = statement.words();
            String where = statement.where();
            switch (words[0]) {
                case "profile" -> {
                    if (words.length < 2) {
                        throw new IllegalArgumentException(where + "expected 'profile NAME [setting=value ...]'");
                    }
                    if (profiles.containsKey(words[1])) {
                        throw new IllegalArgumentException(where + "profile '" + words[1] + "' is defined twice");
                    }
                    profiles.put(words[1], profile(words, where));
                }
                case "route" -> {
                    if (words.length != 3) {
                        throw new IllegalArgumentException(where + "expected 'route DOMAIN PROFILE', as the domain"
                                + " is written in the SMTP routes");
                    }
                    routes.add(words);
                    routeLines.add(statement.number());
                }
                default -> throw new IllegalArgumentException(where + "unknown statement '" + words[0]
                        + "' (expected 'profile' or 'route')");
            }
        }
        BounceProfiles out = BounceProfiles.of(profiles.getOrDefault("default", BounceProfile.defaults()));
        profiles.forEach(out::define);
        for (int r = 0; r < routes.size(); r++) {
            String[] words = routes.get(r);
            if (!profiles.containsKey(words[2])) {
                throw new IllegalArgumentException(source + ":" + routeLines.get(r) + ": route " + words[1]
                        + " names bounce profile '" + words[2] + "', which is not defined");
            }
            out.use(words[1], words[2]);
        }
        return out;
    }

    private static BounceProfile profile(String[] words, String where) {
        BounceProfile d = BounceProfile.defaults();
        int maxRetries = d.maxRetries();
        Duration maxTime = d.maxTimeInQueue();
        Duration initial = d.initialWait();
        Duration maxWait = d.maxWait();
        boolean warnings = d.delayWarnings();
        for (int w = 2; w < words.length; w++) {
            String[] kv = words[w].split("=", 2);
            if (kv.length != 2 || kv[1].isEmpty()) {
                throw new IllegalArgumentException(where + "'" + words[w] + "' is not setting=value");
            }
            switch (kv[0]) {
                case "max-retries" -> maxRetries = (int) number(kv, where, Integer.MAX_VALUE);
                case "max-time-in-queue" -> maxTime = Duration.ofSeconds(number(kv, where, Long.MAX_VALUE / 1000));
                case "initial-wait" -> initial = Duration.ofSeconds(number(kv, where, Long.MAX_VALUE / 1000));
                case "max-wait" -> maxWait = Duration.ofSeconds(number(kv, where, Long.MAX_VALUE / 1000));
                case "delay-warnings" -> warnings = yesNo(kv, where);
                default -> throw new IllegalArgumentException(where + "unknown setting '" + kv[0] + "' (known:"
                        + " max-retries, max-time-in-queue, initial-wait, max-wait, delay-warnings)");
            }
        }
        if (initial.compareTo(maxWait) > 0) {
            throw new IllegalArgumentException(where + "initial-wait " + initial.toSeconds()
                    + " is longer than max-wait " + maxWait.toSeconds());
        }
        return new BounceProfile(maxRetries, maxTime, initial, maxWait, warnings);
    }

    private static long number(String[] kv, String where, long max) {
        try {
            long v = Long.parseLong(kv[1]);
            if (v < 0 || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + kv[0] + "=" + kv[1] + " is not a whole number from 0 to " + max);
        }
    }

    private static boolean yesNo(String[] kv, String where) {
        return switch (kv[1]) {
            case "yes", "on" -> true;
            case "no", "off" -> false;
            default -> throw new IllegalArgumentException(where + kv[0] + "=" + kv[1] + ": expected yes or no");
        };
    }
}
