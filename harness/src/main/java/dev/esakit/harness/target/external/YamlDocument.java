package dev.esakit.harness.target.external;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML file read as a tree that remembers the line of every value, so that a check made after parsing
 * (a port out of range, an unknown key) can still name the file and line. Jackson's tree keeps no
 * locations, hence the second pass over the token stream.
 */
final class YamlDocument {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path file;
    private final Map<String, Integer> lines;

    private YamlDocument(Path file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Reads the file; a syntax error becomes an {@link IllegalArgumentException} naming file and line. */
    static Node read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            JsonNode root = YAML.readTree(text);
            YamlDocument doc = new YamlDocument(file, locate(text));
            if (root == null || !root.isObject()) {
                throw doc.error("", "the file should hold a mapping (key: value lines)");
            }
            return new Node(doc, root, "");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(file + (at == null ? "" : ":" + at.getLineNr()) + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** JSON pointer of every value to its line. */
    private static Map<String, Integer> locate(String text) throws JsonProcessingException {
        Map<String, Integer> out = new HashMap<>();
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            Deque<String> path = new ArrayDeque<>();
            Deque<Integer> index = new ArrayDeque<>();
            String field = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                int line = p.currentTokenLocation().getLineNr();
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    if (!path.isEmpty()) {
                        path.pop();
                    }
                    index.pop();
                    continue;
                }
                String segment = "";
                if (!index.isEmpty()) {
                    int i = index.pop();
                    if (i >= 0) {
                        segment = "/" + i;
                        index.push(i + 1);
                    } else {
                        segment = "/" + field;
                        index.push(-1);
                    }
                }
                String pointer = (path.isEmpty() ? "" : path.peek()) + segment;
                out.putIfAbsent(pointer, line);
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    path.push(pointer);
                    index.push(t == JsonToken.START_OBJECT ? -1 : 0);
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    IllegalArgumentException error(String pointer, String problem) {
        Integer line = null;
        for (String p = pointer; line == null; p = p.substring(0, Math.max(0, p.lastIndexOf('/')))) {
            line = lines.get(p);
            if (p.isEmpty()) {
                break;
            }
        }
        String where = pointer.isEmpty() ? "" : " (" + pointer.substring(1).replace('/', '.') + ")";
        return new IllegalArgumentException(file + (line == null ? "" : ":" + line) + where + ": " + problem);
    }

    Path file() {
        return file;
    }

    /** One value of the tree, with the means to complain about it precisely. */
    static final class Node {
        private final YamlDocument doc;
        private final JsonNode value;
        private final String pointer;

        Node(YamlDocument doc, JsonNode value, String pointer) {
            this.doc = doc;
            this.value = value;
            this.pointer = pointer;
        }

        Path file() {
            return doc.file();
        }

        IllegalArgumentException error(String problem) {
            return doc.error(pointer, problem);
        }

        /** Fails on any key not in {@code known}: a misspelt key must not be silently ignored. */
        Node onlyKeys(Set<String> known) {
            for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    throw doc.error(pointer + "/" + key, "unknown key '" + key + "'; known here: "
                            + String.join(", ", known.stream().sorted().toList()));
                }
            }
            return this;
        }

        boolean has(String key) {
            return value.has(key) && !value.get(key).isNull();
        }

        Node get(String key) {
            if (!has(key)) {
                throw doc.error(pointer, "'" + key + "' is required here");
            }
            return new Node(doc, value.get(key), pointer + "/" + key);
        }

        Node object(String key) {
            Node n = get(key);
            if (!n.value.isObject()) {
                throw n.error("should be a mapping (key: value lines)");
            }
            return n;
        }

        String text() {
            if (!value.isValueNode()) {
                throw error("should be a single value");
            }
            return value.asText();
        }

        String text(String key) {
            return get(key).text();
        }

        String text(String key, String otherwise) {
            return has(key) ? text(key) : otherwise;
        }

        boolean bool(String key, boolean otherwise) {
            if (!has(key)) {
                return otherwise;
            }
            Node n = get(key);
            if (!n.value.isBoolean()) {
                throw n.error("should be true or false, not '" + n.value.asText() + "'");
            }
            return n.value.booleanValue();
        }

        double number(String key, double otherwise) {
            if (!has(key)) {
                return otherwise;
            }
            Node n = get(key);
            if (!n.value.isNumber()) {
                throw n.error("should be a number, not '" + n.value.asText() + "'");
            }
            return n.value.doubleValue();
        }

        /** A list of single values; a single value counts as a list of one. */
        List<String> texts(String key) {
            if (!has(key)) {
                return List.of();
            }
            Node n = get(key);
            List<String> out = new ArrayList<>();
            if (n.value.isArray()) {
                for (int i = 0; i < n.value.size(); i++) {
                    out.add(new Node(doc, n.value.get(i), n.pointer + "/" + i).text());
                }
            } else {
                out.add(n.text());
            }
            return out;
        }

        List<Node> list(String key) {
            Node n = get(key);
            if (!n.value.isArray()) {
                throw n.error("should be a list (lines starting with '- ')");
            }
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < n.value.size(); i++) {
                out.add(new Node(doc, n.value.get(i), n.pointer + "/" + i));
            }
            return out;
        }

        Map<String, Node> entries() {
            Map<String, Node> out = new java.util.LinkedHashMap<>();
            value.fields().forEachRemaining(e -> out.put(e.getKey(),
                    new Node(doc, e.getValue(), pointer + "/" + e.getKey())));
            return out;
        }

        boolean isObject() {
            return value.isObject();
        }

        int line() {
            Integer l = doc.lines.get(pointer);
            return l == null ? 0 : l;
        }
    }
}
