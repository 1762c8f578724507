package dev.probation.scenario;

import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value that remembers the line it came from, so that binding errors can name
 * file, line and field. Both file formats are read into this one tree. Public only so that readers in
 * other packages (dev.probation.agent) can bind their part of a file; not part of the API.
 */
public sealed interface SourceNode {

    /** 1-based line where the value starts. */
    int line();

    /** What the value is, for error messages ("a list", "a string"...). */
    String kind();

    /**
     * A scalar; {@code literal} is true when the source wrote a number or a boolean rather than text
     * ({@code 5} rather than {@code "5"}), so that JSON Schemas and table rows keep their types.
     */
    record Scalar(String text, int line, boolean literal) implements SourceNode {

        public Scalar(String text, int line) {
            this(text, line, false);
        }

        @Override
        public String kind() {
            return text == null ? "null" : "a scalar";
        }
    }

    record Sequence(List<SourceNode> items, int line) implements SourceNode {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A mapping; the value of {@code lines} is the line of each key. */
    record Mapping(Map<String, SourceNode> entries, Map<String, Integer> lines, int line)
            implements SourceNode {
        @Override
        public String kind() {
            return "a mapping";
        }
    }
}
