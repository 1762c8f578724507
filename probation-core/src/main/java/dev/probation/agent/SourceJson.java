package dev.probation.agent;

import dev.probation.scenario.FormatException;
import dev.probation.scenario.SourceNode;
import dev.probation.util.Json;
import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a part of a scenario file into JSON (a tool's parameter schema) or row values, keeping what the
 * source wrote as a number or boolean typed and everything else text.
 */
final class SourceJson {

    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

    private SourceJson() {}

    static JsonNode toJson(String file, String path, SourceNode node) {
        return switch (node) {
            case SourceNode.Mapping mapping -> {
                ObjectNode object = NODES.objectNode();
                mapping.entries().forEach((key, value) -> object.set(key, toJson(file, path + "." + key, value)));
                yield object;
            }
            case SourceNode.Sequence sequence -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = 0; i < sequence.items().size(); i++) {
                    array.add(toJson(file, path + "[" + i + "]", sequence.items().get(i)));
                }
                yield array;
            }
            case SourceNode.Scalar scalar -> switch (scalar(scalar)) {
                case null -> NODES.nullNode();
                case Boolean b -> NODES.booleanNode(b);
                case BigDecimal n -> NODES.numberNode(n);
                case String s -> NODES.stringNode(s);
                default -> throw new FormatException(file, node.line(), path, "unsupported value");
            };
        };
    }

    /** A scalar as a row value: null, Boolean, BigDecimal or String. */
    static Object scalar(SourceNode.Scalar scalar) {
        String text = scalar.text();
        if (text == null || !scalar.literal()) {
            return text;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        try {
            return new BigDecimal(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return text; // .inf, 0x1F and other YAML numbers JSON has no form for stay as written
        }
    }
}
