package dev.esakit.harness.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule IDs and levels that ESA-PROFILE.md defines, read from its rule tables: a row {@code | FO-1 |
 * documented [TN117875] | ...} defines FO-1 as documented.
 */
public final class ProfileRules {
    private static final Pattern ROW = Pattern.compile("^\\|\\s*([A-Z]+-\\d+)\\s*\\|\\s*(documented|reference-defined)\\b");

    private ProfileRules() {
    }

    /** ID to level, in the profile's order. */
    public static Map<String, String> read(Path profile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(profile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the profile " + profile, e);
        }
        Map<String, String> rules = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ROW.matcher(lines.get(i));
            if (m.find() && rules.put(m.group(1), m.group(2)) != null) {
                throw new IllegalArgumentException(profile + ":" + (i + 1) + ": rule " + m.group(1)
                        + " is defined twice");
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException(profile + ": no rule table rows ('| ID | level | ...') found");
        }
        return rules;
    }
}
