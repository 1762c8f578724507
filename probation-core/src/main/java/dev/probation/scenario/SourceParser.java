package dev.probation.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import dev.probation.util.Json;

/**
 * Reads YAML documents and JSON lines into {@link SourceNode} trees that keep line numbers. Public for
 * readers in other packages; not part of the API.
 */
public final class SourceParser {

    private SourceParser() {}

    /** Deeper than this is no suite or cue-family file; the composer recurses per level, so it is checked first. */
    static final int MAX_DEPTH = 64;
    /** Values in one file once aliases are expanded ("billion laughs" stops here). */
    static final int MAX_VALUES = 1_000_000;

    /** Parses a whole YAML document; JSON is YAML too, so a JSON document parses as well. */
    public static SourceNode yaml(String file, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build();
        try {
            Parser parser = new DepthLimitedParser(new ParserImpl(settings, new StreamReader(settings, text)), file);
            Optional<Node> root = new Composer(settings, parser).getSingleNode();
            if (root.isEmpty()) {
                throw new FormatException(file, 0, "", "the file is empty");
            }
            return convert(file, root.get(), 1, new int[1]);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new FormatException(file, line, "", "not valid YAML (check the indentation and quotes on this line and the "
                    + "one before): " + oneLine(e.getProblem()));
        } catch (ReaderException e) {
            throw new FormatException(file, lineAt(text, e.getPosition()), "", String.format(java.util.Locale.ROOT,
                    "not valid YAML: character U+%04X is not allowed in YAML text", e.getCodePoint()));
        } catch (YamlEngineException e) {
            throw new FormatException(file, 0, "", "not valid YAML: " + oneLine(e.getMessage()));
        }
    }

    /** The 1-based line of the code point at {@code index}. */
    private static int lineAt(String text, int index) {
        int end = index <= text.codePointCount(0, text.length()) ? text.offsetByCodePoints(0, index) : text.length();
        return (int) text.substring(0, end).chars().filter(c -> c == '\n').count() + 1;
    }

    /** Stops at the first collection nested more than {@link #MAX_DEPTH} deep, before the composer recurses into it. */
    private static final class DepthLimitedParser implements Parser {

        private final Parser parser;
        private final String file;
        private int depth;

        DepthLimitedParser(Parser parser, String file) {
            this.parser = parser;
            this.file = file;
        }

        @Override
        public Event next() {
            Event event = parser.next();
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_DEPTH) {
                        throw tooDeep(file, event.getStartMark().map(m -> m.getLine() + 1).orElse(0));
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                default -> { }
            }
            return event;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return parser.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return parser.hasNext();
        }
    }

    private static FormatException tooDeep(String file, int line) {
        return new FormatException(file, line, "", "nested more than " + MAX_DEPTH
                + " levels deep (counting what aliases repeat); suite and cue-family files need only a few");
    }

    /** Parses one line of a JSONL file; {@code lineNumber} is 1-based. */
    static SourceNode jsonLine(String file, int lineNumber, String line) {
        return json(file, line, lineNumber - 1);
    }

    /** Parses a JSON document; line numbers are those of the text plus {@code lineOffset}. */
    public static SourceNode json(String file, String text, int lineOffset) {
        try (JsonParser parser = Json.MAPPER.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new FormatException(file, lineOffset + 1, "", "the file is empty");
            }
            SourceNode node = readJson(parser, first, lineOffset);
            if (parser.nextToken() != null) {
                throw new FormatException(file, lineOffset + parser.currentTokenLocation().getLineNr(), "",
                        "unexpected text after the JSON value");
            }
            return node;
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? lineOffset + 1 : lineOffset + Math.max(1, e.getLocation().getLineNr());
            throw new FormatException(file, line, "", "not valid JSON: " + jacksonProblem(e));
        }
    }

    /** Jackson's message without its source-location boilerplate. */
    private static String jacksonProblem(JacksonException e) {
        String message = oneLine(e.getOriginalMessage());
        return message.replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "").replaceAll("\\s*at \\[Source:.*$", "")
                .replaceAll("\\(code \\d+\\)", "").replaceAll(", from `[^`]*`", "").strip();
    }

    private static SourceNode readJson(JsonParser parser, JsonToken token, int lineOffset) {
        int line = lineOffset + parser.currentTokenLocation().getLineNr();
        return switch (token) {
            case START_OBJECT -> {
                Map<String, SourceNode> entries = new LinkedHashMap<>();
                Map<String, Integer> lines = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    int nameLine = lineOffset + parser.currentTokenLocation().getLineNr();
                    SourceNode value = readJson(parser, parser.nextToken(), lineOffset);
                    entries.put(name, value);
                    lines.put(name, nameLine);
                }
                yield new SourceNode.Mapping(entries, lines, line);
            }
            case START_ARRAY -> {
                List<SourceNode> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(readJson(parser, t, lineOffset));
                }
                yield new SourceNode.Sequence(items, line);
            }
            case VALUE_NULL -> new SourceNode.Scalar(null, line);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
                    new SourceNode.Scalar(parser.getString(), line, true);
            default -> new SourceNode.Scalar(parser.getString(), line);
        };
    }

    /** {@code values} counts the values made so far: an alias repeats its whole value, so the tree can outgrow the text. */
    private static SourceNode convert(String file, Node node, int depth, int[] values) {
        int line = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
        if (depth > MAX_DEPTH) {
            throw tooDeep(file, line); // an alias inside the value it names, or aliases of aliases
        }
        if (++values[0] > MAX_VALUES) {
            throw new FormatException(file, line, "", "more than " + MAX_VALUES + " values once aliases are expanded");
        }
        return switch (node) {
            case ScalarNode scalar -> new SourceNode.Scalar(
                    Tag.NULL.equals(scalar.getTag()) ? null : scalar.getValue(), line,
                    Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()) || Tag.BOOL.equals(scalar.getTag()));
            case SequenceNode sequence -> {
                List<SourceNode> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    items.add(convert(file, item, depth + 1, values));
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
                    if (entries.containsKey(key.getValue())) {
                        throw new FormatException(file, keyLine, key.getValue(), "duplicate key (also on line "
                                + lines.get(key.getValue()) + ")");
                    }
                    entries.put(key.getValue(), convert(file, tuple.getValueNode(), depth + 1, values));
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
