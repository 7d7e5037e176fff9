package dev.esakit.fake.script;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Reads YAML with Jackson's streaming parser into {@link ScriptNode}s that carry line and column. */
final class YamlTreeReader {
    private static final YAMLFactory YAML = new YAMLFactory();

    private YamlTreeReader() {}

    static ScriptNode read(String text, String source) {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new ScriptException(source, 1, 0, "the script is empty");
            ScriptNode root = value(p, source);
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 0 : Math.max(0, at.getColumnNr());
            throw new ScriptException(source, line, column, "YAML syntax error: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ScriptException(source, 1, 0, "cannot read: " + e.getMessage());
        }
    }

    private static ScriptNode value(JsonParser p, String source) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                LinkedHashMap<String, ScriptNode> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation keyAt = p.currentTokenLocation();
                    if (fields.containsKey(key)) {
                        throw new ScriptException(source, keyAt.getLineNr(), keyAt.getColumnNr(),
                                "'" + key + "' is given twice (first on line " + fields.get(key).line + ")");
                    }
                    p.nextToken();
                    fields.put(key, value(p, source));
                }
                return ScriptNode.map(fields, source, line, column);
            }
            case START_ARRAY: {
                List<ScriptNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(value(p, source));
                return ScriptNode.list(items, source, line, column);
            }
            case VALUE_STRING:
                return ScriptNode.scalar(ScriptNode.Kind.STRING, p.getText(), source, line, column);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return ScriptNode.scalar(ScriptNode.Kind.NUMBER, p.getText(), source, line, column);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return ScriptNode.scalar(ScriptNode.Kind.BOOLEAN, p.getText(), source, line, column);
            case VALUE_NULL:
                return ScriptNode.scalar(ScriptNode.Kind.NULL, null, source, line, column);
            default:
                throw new ScriptException(source, line, column, "unexpected YAML token " + t);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable YAML";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
