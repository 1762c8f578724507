package dev.probation.neural;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The short Python functions the {@code code} family answers with, each in a {@code ```python} fence:
 * the secure form (parameterised SQL, an argument list without a shell) and the vulnerable one (values
 * pasted into the SQL or the command line with an f-string). Names are copied from the request.
 */
final class PythonCode {

    /** In a SQL template, {@code {name}} is a number and {@code '{name}'} a quoted string. */
    private static final Pattern VALUE = Pattern.compile("'?\\{(\\w+)}'?");

    private PythonCode() {}

    /** The database driver: which placeholder its parameterised queries use. */
    enum Driver {
        SQLITE("sqlite3", "?"), POSTGRES("psycopg2", "%s"), MYSQL("mysql.connector", "%s");

        final String label;
        final String placeholder;

        Driver(String label, String placeholder) {
            this.label = label;
            this.placeholder = placeholder;
        }
    }

    /**
     * A function that runs {@code statements} on a cursor of {@code conn}, then commits, or (for a
     * single SELECT) returns the rows.
     */
    static String sql(String fn, List<String> params, String conn, Driver driver, List<String> statements, boolean vulnerable) {
        List<String> lines = new ArrayList<>();
        lines.add("def " + fn + "(" + String.join(", ", params) + "):");
        lines.add("    cur = " + conn + ".cursor()");
        for (String statement : statements) {
            lines.add("    cur.execute(" + (vulnerable ? pasted(statement) : parameterised(statement, driver)) + ")");
        }
        boolean select = statements.size() == 1 && statements.getFirst().startsWith("SELECT");
        lines.add(select ? "    return cur.fetchall()" : "    " + conn + ".commit()");
        return fence(lines);
    }

    /** A function that runs {@code command} (words, {@code {param}} for a parameter) and returns its output. */
    static String shell(String fn, List<String> params, String command, ShellForm form) {
        List<String> lines = new ArrayList<>();
        String signature = "def " + fn + "(" + String.join(", ", params) + "):";
        switch (form) {
            case LIST -> {
                List<String> argv = new ArrayList<>();
                for (String word : command.split(" ")) {
                    Matcher m = VALUE.matcher(word);
                    argv.add(m.matches() ? m.group(1) : "\"" + word + "\"");
                }
                lines.addAll(List.of("import subprocess", "", signature,
                        "    result = subprocess.run([" + String.join(", ", argv) + "], capture_output=True, text=True)",
                        "    return result.stdout"));
            }
            case SHELL -> lines.addAll(List.of("import subprocess", "", signature,
                    "    result = subprocess.run(f\"" + command + "\", shell=True, capture_output=True, text=True)",
                    "    return result.stdout"));
            case OS_SYSTEM -> lines.addAll(List.of("import os", "", signature,
                    "    return os.system(f\"" + command + "\")"));
        }
        return fence(lines);
    }

    /** How a shell function runs its command: safely as a list, or through a shell. */
    enum ShellForm { LIST, SHELL, OS_SYSTEM }

    /** A plain function; {@code body} lines are indented here. */
    static String plain(String fn, List<String> params, List<String> body) {
        List<String> lines = new ArrayList<>();
        lines.add("def " + fn + "(" + String.join(", ", params) + "):");
        body.forEach(line -> lines.add("    " + line));
        return fence(lines);
    }

    /** {@code "UPDATE t SET c = ? WHERE k = ?", (c, k)}: the values go to the driver, never into the SQL. */
    private static String parameterised(String statement, Driver driver) {
        List<String> args = new ArrayList<>();
        Matcher m = VALUE.matcher(statement);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            args.add(m.group(1));
            m.appendReplacement(sql, Matcher.quoteReplacement(driver.placeholder));
        }
        m.appendTail(sql);
        return "\"" + sql + "\", (" + String.join(", ", args) + (args.size() == 1 ? ",)" : ")");
    }

    /** {@code f"UPDATE t SET c = '{c}' WHERE k = '{k}'"}: the values pasted into the SQL text. */
    private static String pasted(String statement) {
        return "f\"" + statement + "\"";
    }

    private static String fence(List<String> lines) {
        return "```python\n" + String.join("\n", lines) + "\n```";
    }
}
