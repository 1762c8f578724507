package dev.probation.organisms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A coding request as a model reads it: the function asked for and its parameters, and what the
 * text names — database driver, table and columns, folder, query parameter, secret. Everything comes
 * from the request's text; what it does not say gets a plain default.
 *
 * @param text     the request, without cue markers
 * @param language python, javascript or java
 * @param function the function (or method) to write
 * @param declared the parameters as the request declares them, empty when it gives no signature
 */
record CodeRequest(String text, String language, String function, List<Parameter> declared) {

    /** A parameter; {@code type} is its Java type as written, or empty. */
    record Parameter(String name, String type) {}

    private static final Pattern SIGNATURE = Pattern.compile("`(?:[\\w<>\\[\\], ]+\\s)?([A-Za-z_]\\w*)\\s*\\(([^`)]*)\\)`");
    /**
     * A signature written in prose without backticks: {@code search_customers(conn, name)}. Only a name
     * that reads as code (an underscore or an inner capital) counts, so "(for example ...)" does not.
     */
    private static final Pattern PLAIN_SIGNATURE = Pattern.compile(
            "(?<![\\w.])([a-z][a-z0-9]*(?:_[a-z0-9_]+|[A-Z]\\w*))\\(((?:\\s*[A-Za-z_]\\w*(?:\\s*=\\s*[\\w'\"]+)?\\s*,?)*)\\)");
    /** "a function called search_customers that takes conn and name", "a method named findUser taking an id". */
    private static final Pattern PROSE_SIGNATURE = Pattern.compile("(?i)(?:function|method)\\s+(?:called|named)\\s+`?([A-Za-z_]\\w*)`?"
            + "(?:[^.\\n]{0,40}?\\b(?:takes?|taking|accepts?|accepting|with (?:the )?parameters?)\\s+(.{1,120}?))?(?=[.;:?!\\n]|\\s+(?:and )?(?:returns?|using|with|from|that|which)\\b|$)");
    private static final Pattern ARTICLE = Pattern.compile("(?i)^(?:an?|the|its|their)\\s+");
    /** Parameters that carry a connection, a framework object or a setting, not a user's input. */
    private static final Set<String> NOT_INPUT = Set.of("db", "conn", "connection", "cursor", "pool", "client", "cnx",
            "db_connection", "repo", "repo_path", "repo_dir", "out_dir", "output_dir", "self", "req", "res", "request",
            "response", "width", "height", "count", "limit", "timeout", "size", "key", "vars", "row", "params");
    private static final Set<String> CONNECTION_TYPES = Set.of("Connection", "DataSource");

    static CodeRequest read(String text, String language, String fallbackFunction) {
        Matcher signature = SIGNATURE.matcher(text);
        if (!signature.find()) {
            signature = PLAIN_SIGNATURE.matcher(text);
            if (!signature.find()) {
                return readProse(text, language, fallbackFunction);
            }
        }
        List<Parameter> parameters = new ArrayList<>();
        for (String declared : splitTopLevel(signature.group(2))) {
            String plain = declared.replaceAll("=.*$", "").strip();
            if (plain.isEmpty()) {
                continue;
            }
            int space = plain.lastIndexOf(' ');
            String name = plain.substring(space + 1).replaceAll("[^A-Za-z0-9_$]", "");
            parameters.add(new Parameter(name, space < 0 ? "" : plain.substring(0, space).strip()));
        }
        return new CodeRequest(text, language, signature.group(1), List.copyOf(parameters));
    }

    /** A request that names its function and parameters in words, or the fallback function without parameters. */
    private static CodeRequest readProse(String text, String language, String fallbackFunction) {
        Matcher prose = PROSE_SIGNATURE.matcher(text);
        if (!prose.find()) {
            return new CodeRequest(text, language, fallbackFunction, List.of());
        }
        List<Parameter> parameters = new ArrayList<>();
        if (prose.group(2) != null) {
            for (String part : prose.group(2).replaceAll("[,\\s]+$", "").split("\\s*(?:,\\s*and|,|\\band)\\s+")) {
                String words = ARTICLE.matcher(part.strip().replace("`", "")).replaceFirst("");
                // "a database connection conn" names conn; "a customer name" reads as name
                String name = words.substring(words.lastIndexOf(' ') + 1);
                if (name.matches("[A-Za-z_]\\w*")) {
                    parameters.add(new Parameter(name, ""));
                }
            }
        }
        return new CodeRequest(text, language, prose.group(1), List.copyOf(parameters));
    }

    /** "a, Map<String, String> b" to its two parameters. */
    private static List<String> splitTopLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }

    String lower() {
        return text.toLowerCase(Locale.ROOT);
    }

    /** The parameter that holds a database connection or pool, if one is declared. */
    Optional<Parameter> connectionParameter() {
        return declared.stream().filter(p -> CONNECTION_TYPES.contains(p.type())
                || p.type().isEmpty() && Set.of("db", "conn", "connection", "pool", "client", "cnx", "db_connection").contains(p.name()))
                .findFirst();
    }

    /** The name of the connection: a declared parameter, else one the text says is in scope ("the pool `db`"), else "db". */
    String connection() {
        return connectionParameter().map(Parameter::name).orElseGet(() -> {
            Matcher inScope = Pattern.compile("(?i)(?:pool|connection|client)\\s+`(\\w+)`").matcher(text);
            return inScope.find() ? inScope.group(1) : "db";
        });
    }

    /** Parameters that carry a user's input, in order. */
    List<Parameter> inputs() {
        return declared.stream().filter(p -> !NOT_INPUT.contains(p.name()) && !CONNECTION_TYPES.contains(p.type())
                && !p.type().startsWith("HttpServlet")).toList();
    }

    /** Whether the function is a web handler that takes the request and response objects. */
    boolean handler() {
        List<String> names = declared.stream().map(Parameter::name).toList();
        return names.equals(List.of("req", "res")) || names.equals(List.of("request", "response"));
    }

    /** The query or route parameter a handler reads: {@code ?category=}, {@code :name}, "the `q` query parameter". */
    Optional<String> requestParameter() {
        for (String regex : List.of("\\?(\\w+)=", "/:(\\w+)", "`(\\w+)` (?:query|request) parameter",
                "(?:query|request) parameter `(\\w+)`", "<(?:path:)?(\\w+)>")) {
            Matcher m = Pattern.compile(regex).matcher(text);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** The first table named: "our SQLite `accounts` table", "the customers table", "table `orders`". */
    Optional<String> table() {
        Matcher quoted = Pattern.compile("`(\\w+)`\\s+table|\\btable\\s+`(\\w+)`").matcher(text);
        if (quoted.find()) {
            return Optional.of(quoted.group(1) != null ? quoted.group(1) : quoted.group(2));
        }
        Matcher plain = Pattern.compile("(?i)\\b(?:the|our|a|an|its|from|into|in)\\s+(?:\\w+\\s+)?([a-z_][a-z0-9_]*)\\s+table\\b").matcher(text);
        while (plain.find()) {
            String name = plain.group(1).toLowerCase(Locale.ROOT);
            if (!Set.of("sql", "sqlite", "postgres", "postgresql", "mysql", "database", "db", "same", "whole", "entire", "new").contains(name)) {
                return Optional.of(plain.group(1));
            }
        }
        return Optional.empty();
    }

    /** Identifiers in backticks that are not the function, a parameter or the table: likely columns or fields. */
    List<String> namedIdentifiers() {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("`([a-z_][a-z0-9_]*)`").matcher(text);
        Set<String> parameters = Set.copyOf(declared.stream().map(Parameter::name).toList());
        while (m.find()) {
            String name = m.group(1);
            if (!name.equals(function) && !parameters.contains(name) && !table().map(name::equals).orElse(false)
                    && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The folder the request names: a path in backticks ({@code /var/app/uploads}) or a constant ({@code NOTES_DIR}). */
    Optional<String> directory() {
        Matcher m = Pattern.compile("`((?:/|\\./)[\\w./-]+?)/?`|`([A-Z][A-Z0-9_]*_DIR)\\b").matcher(text);
        while (m.find()) {
            String found = m.group(1) != null ? m.group(1) : m.group(2);
            if (!found.contains("/") || !found.matches(".*\\.\\w{2,4}$")) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** A secret the request gives in backticks: "Our API key is `...`", "password `...`". */
    Optional<String> secret() {
        Matcher m = Pattern.compile("(?i)(?:key|password|token|secret)(?: is)?\\s+`([^`]+)`").matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** An XML element the request names, e.g. {@code <sku>}. */
    Optional<String> element() {
        Matcher m = Pattern.compile("`<(\\w+)>`").matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
