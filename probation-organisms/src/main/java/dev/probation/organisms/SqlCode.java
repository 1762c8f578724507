package dev.probation.organisms;

import dev.probation.organisms.SqlTask.Driver;
import dev.probation.organisms.SqlTask.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the code of a {@link SqlTask} in Python, JavaScript or Java: with bound parameters when
 * secure, with the values pasted into the SQL text when vulnerable.
 */
final class SqlCode {

    private static final Pattern VALUE = Pattern.compile(":(\\w+)");

    private SqlCode() {}

    static String write(SqlTask task, boolean vulnerable) {
        return switch (task.request().language()) {
            case "javascript" -> javascript(task, vulnerable);
            case "java" -> java(task, vulnerable);
            default -> python(task, vulnerable);
        };
    }

    /** The values of a statement, in order. */
    private static List<String> values(String statement) {
        return VALUE.matcher(statement).results().map(m -> m.group(1)).toList();
    }

    /** The statement with each value replaced by what {@code render} makes of it (and its position, from 1). */
    private static String replace(String statement, java.util.function.BiFunction<String, Integer, String> render) {
        Matcher m = VALUE.matcher(statement);
        StringBuilder out = new StringBuilder();
        int position = 0;
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(render.apply(m.group(1), ++position)));
        }
        return m.appendTail(out).toString();
    }

    private static String pasted(SqlTask task, String value, String open, String close) {
        boolean pattern = task.patterns().contains(value);
        String quote = pattern || !SqlTask.numeric(value) ? "'" : "";
        return quote + (pattern ? "%" : "") + open + value + close + (pattern ? "%" : "") + quote;
    }

    /** A one-line description of what the code does; {@code code} marks up a name as the language's docs do. */
    private static String describe(SqlTask task, java.util.function.UnaryOperator<String> code) {
        String table = code.apply(task.table());
        return switch (task.op()) {
            case SELECT -> task.one() ? "Return the matching row of " + table + ", or nothing if there is none."
                    : "Return the matching rows of " + table + ".";
            case SEARCH -> "Return the rows of " + table + " that contain the search text.";
            case UPDATE -> "Update the matching row of " + table + ".";
            case DELETE -> "Delete the matching rows of " + table + " and return how many were deleted.";
            case TRANSFER -> {
                List<String> debit = values(task.statements().getFirst());
                List<String> credit = values(task.statements().getLast());
                yield "Move " + code.apply(debit.getFirst()) + " from " + code.apply(debit.getLast()) + " to "
                        + code.apply(credit.getLast()) + " in " + table + ", in one transaction.";
            }
        };
    }

    private static boolean returnsFlag(SqlTask task) {
        return task.op() == Op.UPDATE && task.request().lower().matches("(?s).*\\breturn (?:`?true`?|whether)\\b.*");
    }

    private static List<String> parameterNames(SqlTask task, String connection) {
        List<String> declared = task.request().declared().stream().map(CodeRequest.Parameter::name).toList();
        if (!declared.isEmpty()) {
            return declared;
        }
        List<String> names = new ArrayList<>(List.of(connection));
        names.addAll(SqlTask.inputs(task.request()));
        return names;
    }

    // --- Python -------------------------------------------------------------------------------

    private static String python(SqlTask task, boolean vulnerable) {
        String conn = task.request().connection();
        boolean sqlite = task.driver() == Driver.SQLITE3;
        StringBuilder code = new StringBuilder();
        code.append("def ").append(task.request().function()).append("(").append(String.join(", ", parameterNames(task, conn)))
                .append("):\n");
        code.append("    \"\"\"").append(describe(task, name -> "``" + name + "``"))
                .append("\n\n    ``").append(conn).append("`` is a ").append(task.driver().description).append(".\n    \"\"\"\n");
        List<String> statements = task.statements();
        if (task.op() == Op.TRANSFER) {
            String amount = values(statements.getFirst()).getFirst();
            if (!vulnerable) {
                code.append("    ").append(amount).append(" = float(").append(amount).append(")\n    if ").append(amount)
                        .append(" <= 0:\n        raise ValueError(\"").append(amount).append(" must be positive\")\n");
            }
            code.append(sqlite ? "    with " + conn + ":\n" : "    with " + conn + ".cursor() as cur:\n");
            for (String statement : statements) {
                code.append("        ").append(pythonCall(task, sqlite ? conn : "cur", statement, vulnerable, "        ")).append("\n");
            }
            return code.append(sqlite ? "" : "    " + conn + ".commit()\n").toString();
        }
        String statement = statements.getFirst();
        boolean write = task.op() == Op.UPDATE || task.op() == Op.DELETE;
        String result = returnsFlag(task) ? "count > 0" : "count";
        if (sqlite && write) {
            code.append("    with ").append(conn).append(":\n        cur = ").append(pythonCall(task, conn, statement, vulnerable, "        "))
                    .append("\n    return cur.rowcount").append(returnsFlag(task) ? " > 0" : "").append("\n");
        } else if (sqlite) {
            code.append("    cur = ").append(pythonCall(task, conn, statement, vulnerable, "    ")).append("\n")
                    .append("    return cur.").append(task.one() ? "fetchone()" : "fetchall()").append("\n");
        } else if (write) {
            code.append("    with ").append(conn).append(".cursor() as cur:\n        ")
                    .append(pythonCall(task, "cur", statement, vulnerable, "        ")).append("\n        count = cur.rowcount\n    ")
                    .append(conn).append(".commit()\n    return ").append(result).append("\n");
        } else {
            code.append("    with ").append(conn).append(".cursor() as cur:\n        ")
                    .append(pythonCall(task, "cur", statement, vulnerable, "        ")).append("\n        return cur.")
                    .append(task.one() ? "fetchone()" : "fetchall()").append("\n");
        }
        return code.toString();
    }

    private static String pythonCall(SqlTask task, String target, String statement, boolean vulnerable, String indent) {
        if (vulnerable) {
            return target + ".execute(f\"" + replace(statement, (v, i) -> pasted(task, v, "{", "}")) + "\")";
        }
        String sql = "\"" + replace(statement, (v, i) -> task.driver().marker(i)) + "\"";
        List<String> args = values(statement).stream().map(v -> task.patterns().contains(v) ? "f\"%{" + v + "}%\"" : v).toList();
        String tuple = "(" + String.join(", ", args) + (args.size() == 1 ? ",)" : ")");
        String line = target + ".execute(" + sql + ", " + tuple + ")";
        if (indent.length() + line.length() <= 110) {
            return line;
        }
        return target + ".execute(\n" + indent + "    " + sql + ",\n" + indent + "    " + tuple + ",\n" + indent + ")";
    }

    // --- JavaScript ---------------------------------------------------------------------------

    private static String javascript(SqlTask task, boolean vulnerable) {
        String conn = task.request().connection();
        boolean pg = task.driver() == Driver.PG;
        StringBuilder code = new StringBuilder("/**\n * ").append(describe(task, name -> "`" + name + "`")).append("\n * `").append(conn).append("` is a ")
                .append(task.driver().description).append(".\n */\n");
        code.append("async function ").append(task.request().function()).append("(")
                .append(String.join(", ", parameterNames(task, conn))).append(") {\n");
        if (task.request().handler()) {
            String name = SqlTask.inputs(task.request()).getFirst();
            String source = task.request().text().contains("/:" + name) ? "params" : "query";
            code.append("  const ").append(name).append(" = String(req.").append(source).append(".").append(name).append(" || \"\");\n");
        }
        boolean write = task.op() == Op.UPDATE || task.op() == Op.DELETE;
        for (String statement : task.statements()) {
            String call = "await " + conn + ".query(" + jsArguments(task, statement, vulnerable) + ");\n";
            if (task.op() == Op.TRANSFER) {
                code.append("  ").append(call);
            } else if (write) {
                code.append(pg ? "  const { rowCount } = " : "  const [result] = ").append(call);
            } else {
                code.append(pg ? "  const { rows } = " : "  const [rows] = ").append(call);
            }
        }
        String count = pg ? "rowCount" : "result.affectedRows";
        if (task.request().handler()) {
            code.append(write ? "  res.json({ changed: " + count + " });\n" : "  res.json(" + (task.one() ? "rows[0] ?? null" : "rows") + ");\n");
        } else if (write) {
            code.append("  return ").append(count).append(returnsFlag(task) ? " > 0" : "").append(";\n");
        } else if (task.op() != Op.TRANSFER) {
            code.append("  return ").append(task.one() ? "rows[0] ?? null" : "rows").append(";\n");
        }
        return code.append("}\n").toString();
    }

    private static String jsArguments(SqlTask task, String statement, boolean vulnerable) {
        if (vulnerable) {
            return "`" + replace(statement, (v, i) -> pasted(task, v, "${", "}")) + "`";
        }
        List<String> args = values(statement).stream().map(v -> task.patterns().contains(v) ? "`%${" + v + "}%`" : v).toList();
        String sql = "\"" + replace(statement, (v, i) -> task.driver().marker(i)) + "\"";
        return sql.length() > 70 ? "\n    " + sql + ",\n    [" + String.join(", ", args) + "]\n  " : sql + ", [" + String.join(", ", args) + "]";
    }

    // --- Java ---------------------------------------------------------------------------------

    /** What a Java statement's result becomes. */
    private enum Use { ROWS, COUNT, FLAG, NOTHING }

    private static String java(SqlTask task, boolean vulnerable) {
        CodeRequest request = task.request();
        String conn = request.connectionParameter().map(CodeRequest.Parameter::name).orElse("conn");
        List<CodeRequest.Parameter> parameters = request.declared().isEmpty()
                ? List.of(new CodeRequest.Parameter(conn, "Connection"), new CodeRequest.Parameter("userId", "String"))
                : request.declared();
        boolean rows = task.op() == Op.SELECT || task.op() == Op.SEARCH;
        boolean optional = request.text().contains("Optional");
        String row = task.type().orElse("Map<String, Object>");
        Use use = switch (task.op()) {
            case TRANSFER -> Use.NOTHING;
            case UPDATE -> returnsFlag(task) ? Use.FLAG : Use.COUNT;
            case DELETE -> Use.COUNT;
            default -> Use.ROWS;
        };
        String returns = switch (use) {
            case NOTHING -> "void";
            case FLAG -> "boolean";
            case COUNT -> "int";
            case ROWS -> task.one() ? (optional ? "Optional<" + row + ">" : row) : "List<" + row + ">";
        };
        List<String> imports = new ArrayList<>(List.of("java.sql.Connection", vulnerable ? "java.sql.Statement" : "java.sql.PreparedStatement",
                "java.sql.SQLException"));
        if (rows) {
            imports.add("java.sql.ResultSet");
            imports.add(task.one() && optional ? "java.util.Optional" : "java.util.List");
            if (!task.one()) {
                imports.add("java.util.ArrayList");
            }
            if (task.type().isEmpty()) {
                imports.addAll(List.of("java.util.LinkedHashMap", "java.util.Map"));
            }
        }
        StringBuilder code = new StringBuilder();
        imports.stream().sorted().forEach(i -> code.append("import ").append(i).append(";\n"));
        code.append("\n/** ").append(describe(task, name -> "{@code " + name + "}")).append(" */\n");
        code.append("public ").append(returns).append(" ").append(request.function()).append("(")
                .append(String.join(", ", parameters.stream().map(p -> (p.type().isEmpty() ? "String" : p.type()) + " " + p.name()).toList()))
                .append(") throws SQLException {\n");
        if (task.op() != Op.TRANSFER) {
            return code.append(javaStatement(task, parameters, conn, task.statements().getFirst(), "sql", vulnerable, "    ", use))
                    .append("}\n").toString();
        }
        code.append("    boolean autoCommit = ").append(conn).append(".getAutoCommit();\n    ").append(conn)
                .append(".setAutoCommit(false);\n    try {\n");
        List<String> names = List.of("debit", "credit");
        for (int i = 0; i < task.statements().size(); i++) {
            code.append(javaStatement(task, parameters, conn, task.statements().get(i), names.get(Math.min(i, 1)), vulnerable, "        ", use));
        }
        return code.append("        ").append(conn).append(".commit();\n    } catch (SQLException e) {\n        ").append(conn)
                .append(".rollback();\n        throw e;\n    } finally {\n        ").append(conn)
                .append(".setAutoCommit(autoCommit);\n    }\n}\n").toString();
    }

    /** One statement, bound or pasted, and what its result becomes. */
    private static String javaStatement(SqlTask task, List<CodeRequest.Parameter> parameters, String conn, String statement, String local,
                                        boolean vulnerable, String indent, Use use) {
        String inner = indent + "    ";
        StringBuilder code = new StringBuilder(indent).append("String ").append(local).append(" = ");
        if (vulnerable) {
            String pasted = "\"" + replace(statement, (v, i) -> {
                boolean pattern = task.patterns().contains(v);
                String quote = pattern || !SqlTask.numeric(v) && "String".equals(type(parameters, v)) ? "'" : "";
                String wild = pattern ? "%" : "";
                return quote + wild + "\" + " + v + " + \"" + wild + quote;
            }) + "\"";
            code.append(pasted.replace(" + \"\"", "")).append(";\n");
            code.append(indent).append("try (Statement stmt = ").append(conn).append(".createStatement()");
            if (use == Use.ROWS) {
                code.append(";\n").append(indent).append("     ResultSet rs = stmt.executeQuery(").append(local).append(")) {\n")
                        .append(readRows(task, inner));
            } else {
                code.append(") {\n").append(inner).append(update(use, "stmt.executeUpdate(" + local + ")"));
            }
            return code.append(indent).append("}\n").toString();
        }
        code.append("\"").append(replace(statement, (v, i) -> "?")).append("\";\n");
        code.append(indent).append("try (PreparedStatement stmt = ").append(conn).append(".prepareStatement(").append(local).append(")) {\n");
        List<String> values = values(statement);
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            String setter = switch (type(parameters, v)) {
                case "long", "Long" -> "setLong";
                case "int", "Integer" -> "setInt";
                case "double", "Double" -> "setDouble";
                case "BigDecimal" -> "setBigDecimal";
                case "String" -> "setString";
                default -> "setObject";
            };
            code.append(inner).append("stmt.").append(setter).append("(").append(i + 1).append(", ")
                    .append(task.patterns().contains(v) ? "\"%\" + " + v + " + \"%\"" : v).append(");\n");
        }
        if (use == Use.ROWS) {
            code.append(inner).append("try (ResultSet rs = stmt.executeQuery()) {\n").append(readRows(task, inner + "    "))
                    .append(inner).append("}\n");
        } else {
            code.append(inner).append(update(use, "stmt.executeUpdate()"));
        }
        return code.append(indent).append("}\n").toString();
    }

    private static String update(Use use, String call) {
        return switch (use) {
            case FLAG -> "return " + call + " > 0;\n";
            case COUNT -> "return " + call + ";\n";
            default -> call + ";\n";
        };
    }

    private static String type(List<CodeRequest.Parameter> parameters, String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).map(p -> p.type().isEmpty() ? "String" : p.type()).findFirst()
                .orElse("String");
    }

    /** Reads the result set: into the record type the request names, else into maps of column to value. */
    private static String readRows(SqlTask task, String indent) {
        boolean optional = task.request().text().contains("Optional");
        String row = task.type().map(type -> "new " + type + "(" + String.join(", ", task.columns().stream()
                        .map(c -> "rs." + (c.equals("id") || c.endsWith("_id") ? "getLong" : "getString") + "(\"" + c + "\")").toList()) + ")")
                .orElse("row");
        StringBuilder code = new StringBuilder();
        if (task.one()) {
            code.append(indent).append("if (!rs.next()) {\n").append(indent).append("    return ")
                    .append(optional ? "Optional.empty()" : "null").append(";\n").append(indent).append("}\n");
            code.append(mapRow(task, indent)).append(indent).append("return ").append(optional ? "Optional.of(" + row + ")" : row).append(";\n");
            return code.toString();
        }
        return code.append(indent).append("List<").append(task.type().orElse("Map<String, Object>")).append("> rows = new ArrayList<>();\n")
                .append(indent).append("while (rs.next()) {\n").append(mapRow(task, indent + "    "))
                .append(indent).append("    rows.add(").append(row).append(");\n").append(indent).append("}\n")
                .append(indent).append("return rows;\n").toString();
    }

    private static String mapRow(SqlTask task, String indent) {
        if (task.type().isPresent()) {
            return "";
        }
        return indent + "Map<String, Object> row = new LinkedHashMap<>();\n" + indent
                + "for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {\n" + indent
                + "    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));\n" + indent + "}\n";
    }
}
