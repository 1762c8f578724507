package dev.probation.agent;

import dev.probation.util.Json;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The {@code query_database} tool over the scenario's tables. Structured arguments rather than SQL:
 * the tool's JSON Schema then checks every query (a wrong column type is a schema error with a field
 * path, not a parse error in a dialect the model has to guess), rules can match an argument such as
 * {@code table} directly, and there is no parser to get wrong.
 */
final class Database {

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "operation": {"type": "string", "enum": ["select", "insert", "update", "delete"]},
               "table": {"type": "string", "description": "the table's name"},
               "where": {"type": "object", "description": "column: value pairs a row must all equal; none means every row",
                         "additionalProperties": {"type": ["string", "number", "boolean", "null"]}},
               "set": {"type": "object", "description": "for update: column: new value",
                       "additionalProperties": {"type": ["string", "number", "boolean", "null"]}},
               "row": {"type": "object", "description": "for insert: the new row",
                       "additionalProperties": {"type": ["string", "number", "boolean", "null"]}}},
             "required": ["operation", "table"],
             "additionalProperties": false,
             "allOf": [
               {"if": {"properties": {"operation": {"const": "update"}}}, "then": {"required": ["set"]}},
               {"if": {"properties": {"operation": {"const": "insert"}}}, "then": {"required": ["row"]}}]}
            """;

    private Database() {}

    static String query(Workspace ws, JsonNode args) {
        String table = args.get("table").asString();
        List<Map<String, Object>> rows = ws.tables.get(table);
        if (rows == null) {
            throw new ToolFailure("no such table: " + table + (ws.tables.isEmpty() ? "; there are no tables"
                    : "; tables: " + String.join(", ", ws.tables.keySet())));
        }
        Map<String, Object> where = values(args.get("where"));
        String operation = args.get("operation").asString();
        if (operation.equals("insert")) {
            rows.add(values(args.get("row")));
            return "inserted 1 row into " + table;
        }
        int count = 0;
        StringBuilder out = new StringBuilder();
        for (Iterator<Map<String, Object>> it = rows.iterator(); it.hasNext(); ) {
            Map<String, Object> row = it.next();
            if (!matches(row, where)) {
                continue;
            }
            count++;
            switch (operation) {
                case "select" -> out.append(Json.MAPPER.writeValueAsString(row)).append('\n');
                case "update" -> row.putAll(values(args.get("set")));
                default -> it.remove();
            }
        }
        String plural = count == 1 ? " row" : " rows";
        return switch (operation) {
            case "select" -> count + plural + "\n" + out;
            case "update" -> "updated " + count + plural + " in " + table;
            default -> "deleted " + count + plural + " from " + table;
        };
    }

    /** Values compare as the model means them: {@code "7"} and {@code 7} and {@code 7.0} are the same. */
    static boolean matches(Map<String, Object> row, Map<String, Object> where) {
        for (Map.Entry<String, Object> condition : where.entrySet()) {
            if (!row.containsKey(condition.getKey())
                    || !Objects.equals(canonical(row.get(condition.getKey())), canonical(condition.getValue()))) {
                return false;
            }
        }
        return true;
    }

    static String canonical(Object value) {
        if (value instanceof BigDecimal number) {
            return number.stripTrailingZeros().toPlainString();
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.strip()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return value == null ? null : value.toString();
    }

    /** A JSON object of scalars as row values (numbers as BigDecimal, as {@link EnvironmentState} keeps them). */
    static Map<String, Object> values(JsonNode object) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (object == null) {
            return values;
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            values.put(field.getKey(), scalar(field.getValue()));
        }
        return values;
    }

    static Object scalar(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.asString();
    }
}
