package dev.probation.scenario;

import dev.probation.util.EditDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to the fields of one mapping of a source file, with errors that name the file, the
 * line and the field path ({@code scenarios[3].prompt}). Public for readers in other packages; not part
 * of the API.
 */
public final class Fields {

    private final String file;
    private final String path;
    private final SourceNode.Mapping mapping;

    private Fields(String file, String path, SourceNode.Mapping mapping) {
        this.file = file;
        this.path = path;
        this.mapping = mapping;
    }

    public static Fields of(String file, String path, SourceNode node) {
        if (!(node instanceof SourceNode.Mapping mapping)) {
            throw new FormatException(file, node.line(), path, "expected a mapping, found " + node.kind());
        }
        return new Fields(file, path, mapping);
    }

    /** The mapping itself: its entries and the line of each key. */
    public SourceNode.Mapping source() {
        return mapping;
    }

    /** The raw value of a field, for values this class has no typed accessor for. */
    public Optional<SourceNode> node(String field) {
        return Optional.ofNullable(mapping.entries().get(field));
    }

    public int line() {
        return mapping.line();
    }

    public String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Rejects fields this format does not know, suggesting the closest known name. */
    public Fields onlyKnown(Set<String> known) {
        for (String name : mapping.entries().keySet()) {
            if (!known.contains(name)) {
                String hint = closest(name, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
                throw error(name, "unknown field" + hint + "; known fields: " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    public String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> missing(field));
    }

    public Optional<String> optionalString(String field) {
        SourceNode node = mapping.entries().get(field);
        if (node == null || node instanceof SourceNode.Scalar s && s.text() == null) {
            return Optional.empty();
        }
        if (!(node instanceof SourceNode.Scalar scalar)) {
            throw error(field, "expected text, found " + node.kind());
        }
        return Optional.of(scalar.text());
    }

    public List<String> stringList(String field) {
        List<String> values = new ArrayList<>();
        List<SourceNode> items = list(field);
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof SourceNode.Scalar scalar) || scalar.text() == null) {
                throw new FormatException(file, items.get(i).line(), path(field) + "[" + i + "]",
                        "expected text, found " + items.get(i).kind());
            }
            values.add(scalar.text());
        }
        return values;
    }

    public List<SourceNode> list(String field) {
        SourceNode node = mapping.entries().get(field);
        if (node == null || node instanceof SourceNode.Scalar s && s.text() == null) {
            return List.of();
        }
        if (!(node instanceof SourceNode.Sequence sequence)) {
            throw error(field, "expected a list, found " + node.kind());
        }
        return sequence.items();
    }

    public Fields mapping(String field) {
        SourceNode node = mapping.entries().get(field);
        if (node == null) {
            throw missing(field);
        }
        return of(file, path(field), node);
    }

    public FormatException error(String field, String problem) {
        int line = mapping.lines().getOrDefault(field, mapping.line());
        return new FormatException(file, line, path(field), problem);
    }

    /** An error about this mapping as a whole (for example a constraint between fields). */
    public FormatException error(String problem) {
        return new FormatException(file, mapping.line(), path, problem);
    }

    private FormatException missing(String field) {
        return new FormatException(file, mapping.line(), path(field), "required field is missing");
    }

    private static Optional<String> closest(String name, Set<String> known) {
        return EditDistance.closest(name, known, Math.max(2, name.length() / 3));
    }
}
