package dev.esakit.harness.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.esakit.report.Rule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The rule catalog, {@code features/rules.yaml}: every ESA-PROFILE rule ID with its level, area and statement. */
public record RuleCatalog(List<Rule> rules) {
    public static final Set<String> LEVELS = Set.of("documented", "reference-defined");

    private record File(List<Rule> rules) {
    }

    public static RuleCatalog load(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        File parsed;
        try {
            parsed = yaml.readValue(file.toFile(), File.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(file + (at == null ? "" : ":" + at.getLineNr()) + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (parsed == null || parsed.rules() == null) {
            throw new IllegalArgumentException(file + ": no 'rules:' list");
        }
        for (Rule r : parsed.rules()) {
            if (r.id() == null || !LEVELS.contains(r.level())) {
                throw new IllegalArgumentException(file + ": rule " + r.id() + " has level '" + r.level()
                        + "', expected one of " + LEVELS);
            }
        }
        return new RuleCatalog(List.copyOf(parsed.rules()));
    }

    public Map<String, Rule> byId() {
        return rules.stream().collect(Collectors.toMap(Rule::id, Function.identity()));
    }

    public Optional<Rule> find(String id) {
        return Optional.ofNullable(byId().get(id));
    }
}
