package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value handed to a sink helper in another file through an array, a collection, a holder object,
 * a cast or serialised bytes is constant when everything that flows into it in the calling method is
 * constant ({@link CallerValues}); a call on a local only ever given {@code new T()} counts for T
 * alone. Each project has a bad caller (request data, which must stay reported) and a good caller
 * (a literal, which must not be), built the same way, in the spirit of the Juliet test suite's flow
 * variants. Fixtures written for this test.
 */
class CallerValuesTest {

    @TempDir
    Path dir;

    private static final String QUERY = "conn.createStatement().execute(\"select * from users where name='\" + data + \"'\");";

    /** The lines of each file that the scan reports for CWE-89. */
    private Map<String, List<Integer>> scan(Map<String, String> files) throws IOException {
        Map<String, List<Integer>> found = new LinkedHashMap<>();
        ProjectScan.findings(new CodeScanner(), dir, files).forEach((file, findings) ->
                found.put(file, findings.stream().filter(f -> f.cwe().equals("CWE-89")).map(Finding::line).toList()));
        return found;
    }

    private static int line(String code, String marker) {
        List<String> lines = code.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no " + marker);
    }

    /**
     * A sink file with badSink and goodSink taking {@code type holder} and reading {@code data} out of
     * it, and a caller whose bad and good methods both run {@code build} (which makes {@code holder}
     * from {@code data}) before passing {@code argument}: the bad sink stays reported, the good one not.
     */
    private void assertOnlyTheBadSink(String type, String read, String build, String argument) throws IOException {
        String sinks = """
                package app.db;

                import java.io.*;
                import java.util.*;

                public class Sinks {
                    private java.sql.Connection conn;

                    public void badSink(%1$s holder) throws Exception {
                        String data = %2$s;
                        %3$s // bad sink
                    }

                    public void goodSink(%1$s holder) throws Exception {
                        String data = %2$s;
                        %3$s // good sink
                    }
                }
                """.formatted(type, read, QUERY);
        String caller = """
                package app.web;

                import app.db.Sinks;
                import java.io.*;
                import java.util.*;
                import javax.servlet.http.*;

                public class Caller extends HttpServlet {
                    public static class Box {
                        public String value;
                    }

                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        String data = request.getParameter("name");
                        %1$s
                        new Sinks().badSink(%2$s);
                    }

                    void good() throws Exception {
                        String data = "foo";
                        %1$s
                        new Sinks().goodSink(%2$s);
                    }
                }
                """.formatted(build, argument);
        Map<String, List<Integer>> found = scan(Map.of("app/db/Sinks.java", sinks, "app/web/Caller.java", caller));
        assertThat(found.get("Sinks.java")).contains(line(sinks, "// bad sink")).doesNotContain(line(sinks, "// good sink"));
    }

    @Test
    void anArrayFilledWithAConstantIsConstant() throws IOException {
        assertOnlyTheBadSink("String[]", "holder[1]", "String[] holder = new String[3]; holder[1] = data;", "holder");
    }

    @Test
    void aVectorFilledWithAConstantIsConstant() throws IOException {
        assertOnlyTheBadSink("Vector<String>", "holder.get(1)",
                "Vector<String> holder = new Vector<String>(3); holder.add(0, data); holder.add(1, data);", "holder");
    }

    @Test
    void aMapFilledWithAConstantIsConstant() throws IOException {
        assertOnlyTheBadSink("HashMap<Integer, String>", "holder.get(1)",
                "HashMap<Integer, String> holder = new HashMap<Integer, String>(); holder.put(1, data);", "holder");
    }

    @Test
    void aHolderObjectWithAConstantFieldIsConstant() throws IOException {
        assertOnlyTheBadSink("app.web.Caller.Box", "holder.value", "Caller.Box holder = new Caller.Box(); holder.value = data;", "holder");
    }

    @Test
    void aConstantCastToObjectIsConstant() throws IOException {
        assertOnlyTheBadSink("Object", "(String) holder", "", "(Object) data");
    }

    @Test
    void aConstantSerialisedToBytesIsConstant() throws IOException {
        assertOnlyTheBadSink("byte[]", "(String) new ObjectInputStream(new ByteArrayInputStream(holder)).readObject()", """
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        ObjectOutput out = null;
                        out = new ObjectOutputStream(bytes);
                        out.writeObject(data);
                        out.close();
                        byte[] holder = bytes.toByteArray();""", "holder");
    }

    @Test
    void anArrayHandedToOtherCodeFirstIsNotConstant() throws IOException {
        String sinks = """
                package app.db;

                public class Sinks {
                    private java.sql.Connection conn;

                    public void sink(String[] holder) throws Exception {
                        String data = holder[0];
                        %s // sink
                    }
                }
                """.formatted(QUERY);
        String caller = """
                package app.web;

                import app.db.Sinks;

                public class Caller {
                    private final Filler filler = new Filler();

                    void good() throws Exception {
                        String[] holder = {"foo"};
                        filler.fill(holder);
                        new Sinks().sink(holder);
                    }
                }
                """;
        Map<String, List<Integer>> found = scan(Map.of("app/db/Sinks.java", sinks, "app/web/Caller.java", caller,
                "app/web/Filler.java", "package app.web;\nclass Filler {\n    void fill(String[] a) {\n        a[0] = System.getenv(\"X\");\n    }\n}\n"));
        assertThat(found.get("Sinks.java")).contains(line(sinks, "// sink"));
    }

    @Test
    void aHolderWhoseConstructorReadsTheEnvironmentIsNotConstant() throws IOException {
        String sinks = """
                package app.db;

                public class Sinks {
                    private java.sql.Connection conn;

                    public void sink(Holder holder) throws Exception {
                        String data = holder.value;
                        %s // sink
                    }
                }
                """.formatted(QUERY);
        Map<String, List<Integer>> found = scan(Map.of("app/db/Sinks.java", sinks,
                "app/db/Holder.java", "package app.db;\npublic class Holder {\n    public String value = System.getenv(\"X\");\n}\n",
                "app/web/Caller.java", "package app.web;\nclass Caller {\n    void good() throws Exception {\n"
                        + "        app.db.Holder holder = new app.db.Holder();\n        new app.db.Sinks().sink(holder);\n    }\n}\n"));
        assertThat(found.get("Sinks.java")).contains(line(sinks, "// sink"));
    }

    private static final String BASE = """
            package app.db;

            public abstract class Action {
                protected java.sql.Connection conn;

                public abstract void action(String data) throws Exception;
            }
            """;

    private static String action(String name, String marker) {
        return """
                package app.db;

                public class %s extends Action {
                    public void action(String data) throws Exception {
                        %s // %s
                    }
                }
                """.formatted(name, QUERY, marker);
    }

    @Test
    void aCallOnALocalGivenOneClassCountsForThatClassOnly() throws IOException {
        String caller = """
                package app.web;

                import app.db.*;
                import javax.servlet.http.*;

                public class Caller extends HttpServlet {
                    private final Action shared = new GoodAction();

                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        String data = request.getParameter("name");
                        Action base = new BadAction();
                        base.action(data);
                    }

                    void good() throws Exception {
                        Action base = new GoodAction();
                        base.action("foo");
                        shared.action("bar");
                    }
                }
                """;
        String bad = action("BadAction", "bad sink");
        String good = action("GoodAction", "good sink");
        Map<String, List<Integer>> found = scan(Map.of("app/db/Action.java", BASE, "app/db/BadAction.java", bad,
                "app/db/GoodAction.java", good, "app/web/Caller.java", caller));
        assertThat(found.get("BadAction.java")).contains(line(bad, "// bad sink"));
        assertThat(found.get("GoodAction.java")).isEmpty();
    }

    @Test
    void aCallOnALocalGivenEitherClassCountsForBoth() throws IOException {
        String caller = """
                package app.web;

                import app.db.*;
                import javax.servlet.http.*;

                public class Caller extends HttpServlet {
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        Action base = new GoodAction();
                        if (request.getParameter("mode") != null) {
                            base = new BadAction();
                        }
                        base.action(request.getParameter("name"));
                    }
                }
                """;
        String bad = action("BadAction", "bad sink");
        String good = action("GoodAction", "good sink");
        Map<String, List<Integer>> found = scan(Map.of("app/db/Action.java", BASE, "app/db/BadAction.java", bad,
                "app/db/GoodAction.java", good, "app/web/Caller.java", caller, "app/web/Other.java", """
                        package app.web;

                        class Other {
                            void run() throws Exception {
                                new app.db.GoodAction().action("foo");
                            }
                        }
                        """));
        assertThat(found.get("GoodAction.java")).contains(line(good, "// good sink"));
    }

    @Test
    void requestDataPassedToASafeImplementationIsNotReportedAtTheCall() throws IOException {
        String caller = """
                package app.web;

                import app.db.*;
                import javax.servlet.http.*;

                public class Caller extends HttpServlet {
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        Action base = new BadAction();
                        base.action(request.getParameter("name")); // bad call
                    }

                    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        Action base = new SafeAction();
                        base.action(request.getParameter("name")); // good call
                    }
                }
                """;
        String safe = """
                package app.db;

                public class SafeAction extends Action {
                    public void action(String data) throws Exception {
                        java.sql.PreparedStatement stmt = conn.prepareStatement("select * from users where name=?");
                        stmt.setString(1, data);
                        stmt.execute();
                    }
                }
                """;
        Map<String, List<Integer>> found = scan(Map.of("app/db/Action.java", BASE, "app/db/BadAction.java", action("BadAction", "bad sink"),
                "app/db/SafeAction.java", safe, "app/web/Caller.java", caller));
        assertThat(found.get("Caller.java")).contains(line(caller, "// bad call")).doesNotContain(line(caller, "// good call"));
    }
}
