package dev.esakit.harness.catalog;

import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.PickleTag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The scenarios of every feature file under a directory, read with Cucumber's Gherkin parser, in file order.
 * A feature file that does not parse is an error that names the file and the line.
 */
public record FeatureCatalog(List<CatalogScenario> scenarios) {

    public static FeatureCatalog read(Path featuresDir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(featuresDir)) {
            files = walk.filter(p -> p.toString().endsWith(".feature")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + featuresDir, e);
        }
        GherkinParser parser = GherkinParser.builder().includeSource(false).includeGherkinDocument(false)
                .includePickles(true).build();
        List<CatalogScenario> all = new ArrayList<>();
        for (Path file : files) {
            List<Envelope> envelopes;
            try {
                envelopes = parser.parse(file).toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            for (Envelope e : envelopes) {
                e.getParseError().ifPresent(err -> {
                    throw new IllegalArgumentException(file + ":" + err.getSource().getLocation()
                            .map(l -> String.valueOf(l.getLine())).orElse("?") + ": " + err.getMessage());
                });
                e.getPickle().ifPresent(p -> all.add(new CatalogScenario(featuresDir.relativize(file).toString(),
                        p.getName(), p.getTags().stream().map(PickleTag::getName).collect(Collectors.toSet()))));
            }
        }
        return new FeatureCatalog(List.copyOf(all));
    }

    public List<CatalogScenario> in(String file) {
        return scenarios.stream().filter(s -> s.uri().equals(file)).toList();
    }
}
