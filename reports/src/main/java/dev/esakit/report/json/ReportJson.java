package dev.esakit.report.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.esakit.report.ReportFormatException;
import dev.esakit.report.RunResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes the JSON documents of reports/SCHEMA.md. */
public final class ReportJson {
    /** Bumped only for changes that an existing reader would misread; new optional fields keep the version. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // ISO-8601 text (2025-01-31T10:15:30.123Z, PT0.25S) rather than numbers: readable and unambiguous.
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Newer writers may add fields within one schema version; older readers skip them.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ReportJson() {
    }

    public static void write(Object document, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        MAPPER.writeValue(file.toFile(), document);
    }

    public static String toJson(Object document) throws IOException {
        return MAPPER.writeValueAsString(document);
    }

    /** Reads a run document, checking its kind and schema version first so that a wrong file gets a plain answer. */
    public static RunResult readRun(Path file) throws ReportFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw formatError(file, e);
        } catch (IOException e) {
            throw new ReportFormatException(file, 0, 0, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ReportFormatException(file, 0, 0, "not a report: expected a JSON object", null);
        }
        JsonNode kind = root.get("kind");
        if (kind != null && MatrixDocument.KIND.equals(kind.asText())) {
            throw new ReportFormatException(file, 0, 0, "this is a merged matrix (kind \"matrix\"), not a run;"
                    + " read the run directories it was merged from", null);
        }
        if (kind != null && !RunDocument.KIND.equals(kind.asText())) {
            throw new ReportFormatException(file, 0, 0, "unknown document kind \"" + kind.asText() + "\"", null);
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isInt()) {
            throw new ReportFormatException(file, 0, 0, "not a conformance report: no integer \"schemaVersion\"", null);
        }
        if (version.asInt() != SCHEMA_VERSION) {
            throw new ReportFormatException(file, 0, 0, "schemaVersion " + version.asInt()
                    + " is not supported; this reader understands " + SCHEMA_VERSION, null);
        }
        try {
            // Mapped from the file, not the tree, so that errors carry the line and column.
            return MAPPER.readValue(file.toFile(), RunResult.class);
        } catch (JsonProcessingException e) {
            throw formatError(file, e);
        } catch (IOException e) {
            throw new ReportFormatException(file, 0, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private static ReportFormatException formatError(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String problem = e.getOriginalMessage();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problem = "at " + jsonPath(mapping) + ": " + problem;
        }
        return new ReportFormatException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                problem, e);
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
