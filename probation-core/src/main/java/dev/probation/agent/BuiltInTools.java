package dev.probation.agent;

import dev.probation.model.ToolSpec;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import tools.jackson.databind.JsonNode;

/**
 * The tools every agent scenario can offer, grouped as scenarios name them ({@code files}, {@code shell},
 * {@code email}, {@code http}, {@code database}, {@code payments}, {@code memory}). Each is a spec the
 * model sees, a compiled schema and a handler over the {@link Workspace}.
 */
final class BuiltInTools {

    /** A handler returns the text the model sees, or throws {@link ToolFailure}. */
    interface Handler {
        String apply(Workspace ws, JsonNode args);
    }

    record BuiltIn(String group, ToolSpec spec, ArgumentSchema schema, Handler handler) {}

    /** Every built-in tool by name, in the order they are offered. */
    static final Map<String, BuiltIn> ALL = new LinkedHashMap<>();

    private static final String PATH = "{\"type\": \"string\", \"description\": \"path relative to the workspace root\"}";
    private static final String TEXT = "{\"type\": \"string\"}";

    static {
        add("files", "read_file", "Read a file of the workspace.", object(Map.of("path", PATH), "path"),
                (ws, a) -> ws.read(path(a), "read_file"));
        add("files", "write_file", "Create or overwrite a file of the workspace.",
                object(Map.of("path", PATH, "content", TEXT), "path", "content"), BuiltInTools::writeFile);
        add("files", "list_files", "List the files under a folder (all of them, recursively); no path lists everything.",
                object(Map.of("path", PATH)), BuiltInTools::listFiles);
        add("files", "delete_file", "Delete one file of the workspace.", object(Map.of("path", PATH), "path"),
                BuiltInTools::deleteFile);
        add("shell", "run_command", "Run a shell command in the workspace. Supported: ls, cat, rm, cp, mv, echo, grep, "
                + "sed -i, touch, mkdir, pwd, truncate, scp and rsync (to [user@]host:path); ;, && and || join "
                + "commands, > and >> redirect output.", object(Map.of("command", TEXT), "command"),
                (ws, a) -> {
                    Shell.Outcome outcome = new Shell(ws).run(a.get("command").asString());
                    if (!outcome.ok()) {
                        throw new ToolFailure(outcome.text());
                    }
                    return outcome.text();
                });
        add("email", "send_email", "Send an email.", object(Map.of("to", TEXT, "subject", TEXT, "body", TEXT),
                "to", "subject", "body"), BuiltInTools::sendEmail);
        add("email", "read_inbox", "Read the emails in the inbox, oldest first.", object(Map.of()), BuiltInTools::readInbox);
        add("http", "http_fetch", "Fetch a web page by URL (GET) and return its body.",
                object(Map.of("url", TEXT), "url"), BuiltInTools::fetch);
        add("database", "query_database", "Query the database: select, insert, update or delete rows of a table. "
                + "'where' holds column: value pairs a row must equal.", Database.SCHEMA, Database::query);
        add("payments", "transfer_funds", "Transfer money from one account to another.",
                object(Map.of("from", TEXT, "to", TEXT, "amount", "{\"type\": \"number\", \"exclusiveMinimum\": 0}"),
                        "from", "to", "amount"), Payments::transfer);
        add("payments", "list_accounts", "List the accounts and their balances.", object(Map.of()), Payments::list);
        add("memory", "remember", "Store a value in long-term memory under a key.",
                object(Map.of("key", TEXT, "value", TEXT), "key", "value"), BuiltInTools::remember);
        add("memory", "recall", "Recall the value stored under a key; no key lists everything remembered.",
                object(Map.of("key", TEXT)), BuiltInTools::recall);
    }

    private BuiltInTools() {}

    /** The names of a group's tools, or empty if there is no such group. */
    static List<String> group(String name) {
        return ALL.values().stream().filter(t -> t.group().equals(name)).map(t -> t.spec().name()).toList();
    }

    static List<String> groups() {
        return ALL.values().stream().map(BuiltIn::group).distinct().toList();
    }

    private static void add(String group, String name, String description, String schema, Handler handler) {
        ALL.put(name, new BuiltIn(group, new ToolSpec(name, description, schema), ArgumentSchema.of(schema), handler));
    }

    /** A closed object schema: unknown arguments are schema errors, as OpenAI's strict mode makes them. */
    private static String object(Map<String, String> properties, String... required) {
        StringBuilder json = new StringBuilder("{\"type\": \"object\", \"properties\": {");
        properties.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(p ->
                json.append(json.charAt(json.length() - 1) == '{' ? "" : ", ")
                        .append('"').append(p.getKey()).append("\": ").append(p.getValue()));
        json.append("}, \"required\": [");
        for (int i = 0; i < required.length; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(required[i]).append('"');
        }
        return json.append("], \"additionalProperties\": false}").toString();
    }

    private static String path(JsonNode args) {
        String path = VirtualPaths.normalize(args.path("path").asString(""));
        return path;
    }

    private static String writeFile(Workspace ws, JsonNode args) {
        String path = path(args);
        if (path.isEmpty() || VirtualPaths.isDirectory(ws.files, path)) {
            throw new ToolFailure("write_file: " + args.get("path").asString() + ": Is a directory");
        }
        String content = args.get("content").asString();
        ws.files.put(path, content);
        return "wrote " + content.length() + " characters to " + path;
    }

    private static String listFiles(Workspace ws, JsonNode args) {
        String path = path(args);
        SortedMap<String, String> files = VirtualPaths.under(ws.files, path);
        if (ws.files.containsKey(path)) {
            return path + "\n";
        }
        if (files.isEmpty() && !path.isEmpty()) {
            throw new ToolFailure("list_files: " + path + ": No such file or directory");
        }
        return files.isEmpty() ? "(no files)" : String.join("\n", files.keySet()) + "\n";
    }

    private static String deleteFile(Workspace ws, JsonNode args) {
        String path = path(args);
        if (ws.files.remove(path) == null) {
            throw new ToolFailure("delete_file: " + path + ": " + (VirtualPaths.isDirectory(ws.files, path)
                    ? "Is a directory (delete_file removes one file)" : "No such file or directory"));
        }
        return "deleted " + path;
    }

    private static String sendEmail(Workspace ws, JsonNode args) {
        String to = args.get("to").asString();
        ws.sent.add(new EnvironmentState.Email(EnvironmentState.AGENT_ADDRESS, to, args.get("subject").asString(),
                args.get("body").asString()));
        return "Email sent to " + to + ".";
    }

    private static String readInbox(Workspace ws, JsonNode args) {
        if (ws.inbox.isEmpty()) {
            return "The inbox is empty.";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ws.inbox.size(); i++) {
            EnvironmentState.Email email = ws.inbox.get(i);
            out.append(i == 0 ? "" : "\n---\n").append("Email ").append(i + 1).append(" of ").append(ws.inbox.size())
                    .append("\nFrom: ").append(email.from()).append("\nTo: ").append(email.to())
                    .append("\nSubject: ").append(email.subject()).append("\n\n").append(email.body());
        }
        return out.append('\n').toString();
    }

    private static String fetch(Workspace ws, JsonNode args) {
        String url = args.get("url").asString().strip();
        String body = ws.pages.get(url);
        if (body == null && url.endsWith("/")) {
            body = ws.pages.get(url.substring(0, url.length() - 1));
        }
        if (body == null) {
            body = ws.pages.get(url + "/");
        }
        if (body == null) {
            throw new ToolFailure("HTTP 404 Not Found: " + url);
        }
        return body;
    }

    private static String remember(Workspace ws, JsonNode args) {
        ws.memory.put(args.get("key").asString(), args.get("value").asString());
        return "Remembered '" + args.get("key").asString() + "'.";
    }

    private static String recall(Workspace ws, JsonNode args) {
        if (!args.has("key")) {
            StringBuilder out = new StringBuilder();
            ws.memory.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
            return out.isEmpty() ? "(memory is empty)" : out.toString();
        }
        String value = ws.memory.get(args.get("key").asString());
        if (value == null) {
            throw new ToolFailure("nothing remembered under '" + args.get("key").asString() + "'");
        }
        return value;
    }

    /** transfer_funds and list_accounts; amounts are exact decimals. */
    static final class Payments {
        private Payments() {}

        static String transfer(Workspace ws, JsonNode args) {
            String from = args.get("from").asString();
            String to = args.get("to").asString();
            BigDecimal amount = args.get("amount").decimalValue();
            BigDecimal balance = ws.accounts.get(from);
            if (balance == null) {
                throw new ToolFailure("unknown account '" + from + "'; your accounts: " + String.join(", ", ws.accounts.keySet()));
            }
            if (from.equals(to)) {
                throw new ToolFailure("cannot transfer from '" + from + "' to itself");
            }
            if (balance.compareTo(amount) < 0) {
                throw new ToolFailure("insufficient funds in '" + from + "': balance " + balance.toPlainString()
                        + ", requested " + amount.toPlainString());
            }
            ws.accounts.put(from, balance.subtract(amount));
            ws.accounts.computeIfPresent(to, (id, b) -> b.add(amount));
            ws.transfers.add(new EnvironmentState.Transfer(from, to, amount));
            return "Transferred " + amount.toPlainString() + " from " + from + " to " + to
                    + " (transfer #" + ws.transfers.size() + ").";
        }

        static String list(Workspace ws, JsonNode args) {
            StringBuilder out = new StringBuilder();
            ws.accounts.forEach((id, balance) -> out.append(id).append(": ").append(balance.toPlainString()).append('\n'));
            return out.isEmpty() ? "(no accounts)" : out.toString();
        }
    }
}
