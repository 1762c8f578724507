package dev.probation.organisms;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database task read from a coding request: the statement to run, on which table, with which of
 * the function's parameters, through which driver, and what to return.
 *
 * @param statements SQL with {@code :name} where a value goes (several for a transfer)
 * @param patterns   values matched with LIKE, wrapped in {@code %...%}
 * @param columns    the columns selected, or empty for all
 * @param one        whether one row (or none) is returned rather than a list
 * @param type       the record type rows become, e.g. {@code Customer}, or empty
 */
record SqlTask(CodeRequest request, Op op, Driver driver, String table, List<String> statements, List<String> patterns,
               List<String> columns, boolean one, Optional<String> type) {

    enum Op { SELECT, SEARCH, UPDATE, DELETE, TRANSFER }

    /** How each driver marks a value in a statement, and what it is called. */
    enum Driver {
        SQLITE3("?", "sqlite3 connection"), PSYCOPG2("%s", "psycopg2 connection"), MYSQL_CONNECTOR("%s", "mysql-connector connection"),
        PG("$", "pg pool"), MYSQL2("?", "mysql2 pool"), JDBC("?", "JDBC connection");

        final String marker;
        final String description;

        Driver(String marker, String description) {
            this.marker = marker;
            this.description = description;
        }

        String marker(int position) {
            return marker.equals("$") ? "$" + position : marker;
        }
    }

    static SqlTask read(CodeRequest request) {
        String lower = request.lower();
        Driver driver = driver(request.language(), lower);
        String table = request.table().orElse("records");
        List<String> inputs = inputs(request);
        Op op = op(lower, request.function().toLowerCase(java.util.Locale.ROOT));
        List<String> statements = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        List<String> columns = fields(request.text());
        boolean one = lower.matches("(?s).*(?:\\bthe row\\b|or `?null`?|or `?none`?|optional|a single row).*");
        switch (op) {
            case TRANSFER -> {
                List<String> named = request.namedIdentifiers();
                String key = named.stream().filter(c -> c.matches("user|username|owner|account|account_id|id|name")).findFirst()
                        .orElse(named.isEmpty() ? "user" : named.getFirst());
                String balance = named.stream().filter(c -> !c.equals(key)).findFirst().orElse("balance");
                String amount = inputs.stream().filter(p -> p.matches("(?i).*(?:amount|sum|value).*")).findFirst()
                        .orElse(inputs.isEmpty() ? "amount" : inputs.getLast());
                List<String> parties = inputs.stream().filter(p -> !p.equals(amount)).toList();
                String from = parties.isEmpty() ? "sender" : parties.getFirst();
                String to = parties.size() < 2 ? "recipient" : parties.get(1);
                statements.add("UPDATE " + table + " SET " + balance + " = " + balance + " - :" + amount + " WHERE " + key + " = :" + from);
                statements.add("UPDATE " + table + " SET " + balance + " = " + balance + " + :" + amount + " WHERE " + key + " = :" + to);
            }
            case UPDATE -> {
                String set = firstGroup(request.text(), "(?i)sets? the `(\\w+)`", "`(\\w+)` column").orElse("value");
                String value = inputs.stream().filter(p -> p.contains(set)).findFirst().orElse(inputs.isEmpty() ? set : inputs.getLast());
                List<String> where = inputs.stream().filter(p -> !p.equals(value)).map(p -> column(request, table, p) + " = :" + p).toList();
                statements.add("UPDATE " + table + " SET " + set + " = :" + value
                        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)));
            }
            case DELETE -> statements.add("DELETE FROM " + table + where(request, table, inputs));
            case SEARCH, SELECT -> {
                String select = "SELECT " + (columns.isEmpty() ? "*" : String.join(", ", columns)) + " FROM " + table;
                if (op == Op.SEARCH && !inputs.isEmpty()) {
                    String input = inputs.getFirst();
                    String column = whose(request).orElse(column(request, table, input));
                    boolean caseless = lower.contains("case-insensitive");
                    String match = driver == Driver.PSYCOPG2 || driver == Driver.PG
                            ? (caseless ? " ILIKE :" : " LIKE :") + input
                            : " LIKE :" + input;
                    select += " WHERE " + column + match;
                    patterns.add(input);
                } else {
                    select += where(request, table, inputs);
                }
                Optional<String> order = firstGroup(request.text(), "(?i)order(?:ed)? by `(\\w+)`");
                statements.add(select + order.map(o -> " ORDER BY " + o).orElse(""));
            }
        }
        Optional<String> type = firstGroup(request.text(), "returns? the `([A-Z]\\w*)`");
        return new SqlTask(request, op, driver, table, List.copyOf(statements), List.copyOf(patterns), columns, one, type);
    }

    /** Whether a value is a number, written into a statement without quotes. */
    static boolean numeric(String name) {
        return name.matches("(?i)(?:.*_id|.*Id|id|amount|count|limit|qty|quantity|price|total|sum|age)");
    }

    private static Driver driver(String language, String lower) {
        return switch (language) {
            case "python" -> lower.contains("psycopg") || lower.contains("postgres") ? Driver.PSYCOPG2
                    : lower.contains("mysql") ? Driver.MYSQL_CONNECTOR : Driver.SQLITE3;
            case "javascript" -> lower.contains("`pg`") || lower.contains("postgres") ? Driver.PG : Driver.MYSQL2;
            default -> Driver.JDBC;
        };
    }

    private static Op op(String lower, String function) {
        if (lower.contains("transfer") && lower.contains("balance")) {
            return Op.TRANSFER;
        }
        if (function.contains("delete") || function.contains("remove") || lower.matches("(?s).*\\bdeletes?\\b.*")) {
            return Op.DELETE;
        }
        if (function.contains("update") || function.startsWith("set") || lower.matches("(?s).*\\bsets? the\\b.*")) {
            return Op.UPDATE;
        }
        if (function.contains("search") || lower.matches("(?s).*\\b(?:contains|search|part of)\\b.*")) {
            return Op.SEARCH;
        }
        return Op.SELECT;
    }

    /** The values the statement uses: the inputs, or for a web handler the request parameter it reads. */
    static List<String> inputs(CodeRequest request) {
        if (request.handler()) {
            return List.of(request.requestParameter().orElse("id"));
        }
        List<String> inputs = request.inputs().stream().map(CodeRequest.Parameter::name).toList();
        return inputs.isEmpty() && request.declared().isEmpty() ? List.of(request.language().equals("python") ? "user_id" : "userId")
                : inputs;
    }

    private static String where(CodeRequest request, String table, List<String> inputs) {
        if (inputs.isEmpty()) {
            return "";
        }
        Optional<String> whose = whose(request);
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String column = i == 0 && whose.isPresent() ? whose.get() : column(request, table, inputs.get(i));
            conditions.add(column + " = :" + inputs.get(i));
        }
        return " WHERE " + String.join(" AND ", conditions);
    }

    /** "whose `full_name` contains", "whose email matches": the column the first input is compared with. */
    private static Optional<String> whose(CodeRequest request) {
        return firstGroup(request.text(), "(?i)whose `?(\\w+)`? (?:contains|matches|is|equals)");
    }

    /** The column a parameter is compared with. */
    private static String column(CodeRequest request, String table, String parameter) {
        List<String> named = request.namedIdentifiers();
        if (named.contains(parameter)) {
            return parameter;
        }
        Matcher matches = Pattern.compile("`(\\w+)` matches the (?:given )?`?(\\w+)").matcher(request.text());
        while (matches.find()) {
            if (parameter.contains(matches.group(2))) {
                return matches.group(1);
            }
        }
        Matcher id = Pattern.compile("(\\w+?)(?:_id|Id)").matcher(parameter);
        if (parameter.equals("id") || id.matches() && table.startsWith(id.group(1).toLowerCase(java.util.Locale.ROOT))) {
            return "id";
        }
        return named.stream().filter(parameter::contains).findFirst()
                .orElse(parameter.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT));
    }

    /** "(fields `id`, `name`, `email`)": the fields of the type rows become. */
    private static List<String> fields(String text) {
        Matcher list = Pattern.compile("fields? ((?:`\\w+`(?:,\\s*|\\s+and\\s+)?)+)").matcher(text);
        if (!list.find()) {
            return List.of();
        }
        List<String> fields = new ArrayList<>();
        Matcher field = Pattern.compile("`(\\w+)`").matcher(list.group(1));
        while (field.find()) {
            fields.add(field.group(1));
        }
        return fields;
    }

    private static Optional<String> firstGroup(String text, String... regexes) {
        for (String regex : regexes) {
            Matcher m = Pattern.compile(regex).matcher(text);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
