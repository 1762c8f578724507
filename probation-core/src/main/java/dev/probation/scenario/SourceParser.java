package dev.probation.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import dev.probation.util.Json;

/** Reads YAML documents and JSON lines into {@link SourceNode} trees that keep line numbers. */
final class SourceParser {

    private SourceParser() {}

    /** Parses a whole YAML document; JSON is YAML too, so a JSON document parses as well. */
    static SourceNode yaml(String file, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build();
        try {
            Optional<Node> root = new Compose(settings).composeString(text);
            if (root.isEmpty()) {
                throw new FormatException(file, 0, "", "the file is empty");
            }
            return convert(file, root.get());
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new FormatException(file, line, "", "not valid YAML: " + oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new FormatException(file, 0, "", "not valid YAML: " + oneLine(e.getMessage()));
        }
    }

    /** Parses one line of a JSONL file; {@code lineNumber} is 1-based. */
    static SourceNode jsonLine(String file, int lineNumber, String line) {
        try (JsonParser parser = Json.MAPPER.createParser(line)) {
            JsonToken first = parser.nextToken();
            SourceNode node = readJson(parser, first, lineNumber);
            if (parser.nextToken() != null) {
                throw new FormatException(file, lineNumber, "", "unexpected text after the JSON value");
            }
            return node;
        } catch (JacksonException e) {
            String problem = e.getOriginalMessage();
            throw new FormatException(file, lineNumber, "", "not valid JSON: " + oneLine(problem));
        }
    }

    private static SourceNode readJson(JsonParser parser, JsonToken token, int line) {
        if (token == null) {
            throw new IllegalStateException("unexpected end of input");
        }
        return switch (token) {
            case START_OBJECT -> {
                Map<String, SourceNode> entries = new LinkedHashMap<>();
                Map<String, Integer> lines = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    SourceNode value = readJson(parser, parser.nextToken(), line);
                    entries.put(name, value);
                    lines.put(name, line);
                }
                yield new SourceNode.Mapping(entries, lines, line);
            }
            case START_ARRAY -> {
                List<SourceNode> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(readJson(parser, t, line));
                }
                yield new SourceNode.Sequence(items, line);
            }
            case VALUE_NULL -> new SourceNode.Scalar(null, line);
            default -> new SourceNode.Scalar(parser.getString(), line);
        };
    }

    private static SourceNode convert(String file, Node node) {
        int line = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
        return switch (node) {
            case ScalarNode scalar -> new SourceNode.Scalar(
                    Tag.NULL.equals(scalar.getTag()) ? null : scalar.getValue(), line);
            case SequenceNode sequence -> {
                List<SourceNode> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    items.add(convert(file, item));
                }
                yield new SourceNode.Sequence(items, line);
            }
            case MappingNode mapping -> {
                Map<String, SourceNode> entries = new LinkedHashMap<>();
                Map<String, Integer> lines = new LinkedHashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    int keyLine = tuple.getKeyNode().getStartMark().map(Mark::getLine).orElse(-1) + 1;
                    if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                        throw new FormatException(file, keyLine, "", "keys must be plain strings");
                    }
                    entries.put(key.getValue(), convert(file, tuple.getValueNode()));
                    lines.put(key.getValue(), keyLine);
                }
                yield new SourceNode.Mapping(entries, lines, line);
            }
            default -> throw new FormatException(file, line, "", "unsupported YAML node " + node.getNodeType());
        };
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
