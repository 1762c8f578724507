package dev.probation.scan;

import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Origin;
import java.util.regex.Pattern;

/**
 * Input a Java program reads from outside itself other than a web request. Another server's response
 * ({@code URLConnection.getInputStream()}, {@code URL.openStream()}) and standard input ({@code System.in}) are
 * external, like a request. The contents of files, properties files and database rows are local: they count when
 * built into a larger string (a query, a command, HTML), not when passed whole (a SQL script read from disk and run as
 * is) and not for file paths. Juliet's test suite reads its untrusted data from each of these. The receivers of
 * {@code getInputStream}, {@code openStream} and {@code getString} are recognised by name (this hook has no types).
 */
final class JavaInputSources {

    /** A {@code URLConnection}, {@code HttpURLConnection} or {@code URL}, by the receiver's name. */
    private static final Pattern REMOTE = Pattern.compile("(?i)(?:.*\\.)?\\w*(?:url|connection)\\w*(?:\\(\\))?");
    /** A JDBC {@code ResultSet}, by the receiver's name. */
    private static final Pattern ROWS = Pattern.compile("(?i)(?:.*\\.)?(?:rs|\\w*resultset\\w*|\\w*results?|rows?)");

    private static final Pattern FILES = Pattern.compile("(?:java\\.nio\\.file\\.)?Files\\.(?:readString|readAllLines|newBufferedReader|lines)");

    private JavaInputSources() {
    }

    /** Data the program reads from its own disk or database: not external, so only a built string counts. */
    private static Origin local(String what, int line) {
        return new Origin(what, line, false, true);
    }

    /** The origin of a call's value when it reads one of these inputs, else null. */
    static Origin callSource(Call call, String receiver, int line) {
        String what = call.callee() + "()";
        if (Rules.nameIs(call, "getInputStream", "getErrorStream", "openStream") && REMOTE.matcher(receiver).matches()) {
            return new Origin(what, line, true);
        }
        if (call.constructor() && Rules.nameIs(call, "FileReader", "FileInputStream") || FILES.matcher(call.callee()).matches()) {
            return local(what, line);
        }
        if (Rules.nameIs(call, "getProperty") && !receiver.isEmpty() && !receiver.matches("(?:java\\.lang\\.)?System")) {
            return local(what, line); // a Properties object: usually loaded from a file
        }
        if (Rules.nameIs(call, "getString", "getNString", "getObject") && ROWS.matcher(receiver).matches()) {
            return local(what, line);
        }
        return null;
    }

    /** {@code System.in}, read through a reader or scanner wrapped around it. */
    static Origin memberSource(String text, int line) {
        return text.equals("System.in") || text.equals("java.lang.System.in") ? new Origin("System.in", line, true) : null;
    }
}
