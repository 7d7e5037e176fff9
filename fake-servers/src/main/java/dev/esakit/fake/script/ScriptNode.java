package dev.esakit.fake.script;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written. Jackson's JsonNode forgets locations, and a script
 * error must name the line of the offending value, not just the file.
 */
final class ScriptNode {
    enum Kind { MAP, LIST, STRING, NUMBER, BOOLEAN, NULL }

    final Kind kind;
    final String text;                       // scalars
    final Map<String, ScriptNode> fields;    // MAP, in file order
    final List<ScriptNode> items;            // LIST
    final int line;
    final int column;
    private final String source;

    private ScriptNode(Kind kind, String text, Map<String, ScriptNode> fields, List<ScriptNode> items,
                       String source, int line, int column) {
        this.kind = kind;
        this.text = text;
        this.fields = fields;
        this.items = items;
        this.source = source;
        this.line = line;
        this.column = column;
    }

    static ScriptNode scalar(Kind kind, String text, String source, int line, int column) {
        return new ScriptNode(kind, text, null, null, source, line, column);
    }

    static ScriptNode map(LinkedHashMap<String, ScriptNode> fields, String source, int line, int column) {
        return new ScriptNode(Kind.MAP, null, fields, null, source, line, column);
    }

    static ScriptNode list(List<ScriptNode> items, String source, int line, int column) {
        return new ScriptNode(Kind.LIST, null, null, items, source, line, column);
    }

    ScriptException error(String problem) {
        return new ScriptException(source, line, column, problem);
    }

    String describe() {
        return switch (kind) {
            case MAP -> "a mapping";
            case LIST -> "a list";
            case NULL -> "nothing";
            default -> "'" + text + "'";
        };
    }

    boolean isScalar() {
        return kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.BOOLEAN;
    }
}
