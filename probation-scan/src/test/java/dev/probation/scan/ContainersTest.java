package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Maps read at a constant key and lists read at a constant position see only what was stored there. */
class ContainersTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> javaCwes(String body) {
        String code = """
                import java.sql.*;
                import java.util.*;
                import javax.servlet.http.*;
                class Handler extends HttpServlet {
                    private static final String SAFE_KEY = "colour";
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        String input = request.getParameter("q");
                        Connection conn = DriverManager.getConnection("jdbc:h2:mem:");
                        String picked = "none";
                %s
                        conn.createStatement().executeQuery("SELECT * FROM items WHERE tag = '" + picked + "'");
                    }
                }
                """.formatted(body.replace("\\n", "\n"));
        return scanner.scanCode(code, Language.JAVA, "Handler.java").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            map, other key                  | Map<String, Object> m = new HashMap<>();\\nm.put("colour", "blue");\\nm.put("query", input);\\npicked = (String) m.get("colour");
            map, key in a final field       | Map<String, String> m = new HashMap<String, String>();\\nm.put("colour", "blue");\\nm.put("query", input);\\npicked = m.get(SAFE_KEY);
            map, key in a local             | String k = "colour";\\nMap<String, String> m = new java.util.HashMap<>();\\nm.put(k, "blue");\\nm.put("query", input);\\npicked = m.get(k);
            map, tainted key overwritten    | Map<String, String> m = new HashMap<>();\\nm.put("query", input);\\nm.put("query", "fixed");\\npicked = m.get("query");
            map, tainted key removed        | Map<String, String> m = new HashMap<>();\\nm.put("query", input);\\nm.remove("query");\\npicked = m.getOrDefault("query", "none");
            list, shifted by remove         | List<String> l = new ArrayList<>();\\nl.add("first");\\nl.add(input);\\nl.add("last");\\nl.remove(0);\\npicked = l.get(1);
            list, inside one block          | if (input != null) {\\nList<String> l = new ArrayList<String>();\\nl.add(input);\\nl.add("other");\\npicked = l.get(1);\\n}
            list, insert at front           | List<String> l = new LinkedList<>();\\nl.add(input);\\nl.add(0, "front");\\npicked = l.get(0);
            """)
    void constantSlotsHoldingNoInputAreClean(String name, String body) {
        assertThat(javaCwes(body)).as(name).doesNotContain("CWE-89");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            map, the tainted key            | Map<String, Object> m = new HashMap<>();\\nm.put("colour", "blue");\\nm.put("query", input);\\npicked = (String) m.get("query");
            map, key not constant           | Map<String, String> m = new HashMap<>();\\nm.put("colour", "blue");\\nm.put("query", input);\\npicked = m.get(request.getHeader("k"));
            map, put at unknown key         | Map<String, String> m = new HashMap<>();\\nm.put("colour", "blue");\\nm.put(request.getHeader("k"), input);\\npicked = m.get("colour");
            map, passed to a method         | Map<String, String> m = new HashMap<>();\\nm.put("colour", "blue");\\nfill(m, input);\\nm.put("other", input);\\npicked = m.get("colour");
            map, aliased                    | Map<String, String> m = new HashMap<>();\\nMap<String, String> alias = m;\\nalias.put("colour", input);\\nm.put("x", input);\\npicked = m.get("colour");
            map, put on a branch            | Map<String, String> m = new HashMap<>();\\nm.put("colour", "blue");\\nif (input.isEmpty()) { m.put("colour", input); }\\npicked = m.get("colour");
            map, unknown method             | Map<String, String> m = new HashMap<>();\\nm.put("colour", "blue");\\nm.put("x", input);\\nm.computeIfPresent("colour", (k, v) -> input);\\npicked = m.get("colour");
            list, the tainted position      | List<String> l = new ArrayList<>();\\nl.add("first");\\nl.add(input);\\nl.add("last");\\nl.remove(0);\\npicked = l.get(0);
            list, index not constant        | List<String> l = new ArrayList<>();\\nl.add("first");\\nl.add(input);\\npicked = l.get(request.getIntHeader("i"));
            list, remove by value           | List<String> l = new ArrayList<>();\\nl.add("first");\\nl.add(input);\\nl.remove("first");\\npicked = l.get(1);
            list, add in a loop             | List<String> l = new ArrayList<>();\\nl.add("first");\\nfor (String s : input.split(",")) { l.add(s); }\\npicked = l.get(0);
            list, made elsewhere            | List<String> l = Arrays.asList("first", input);\\npicked = l.get(0);
            """)
    void taintedOrUnknownSlotsStayTainted(String name, String body) {
        assertThat(javaCwes(body)).as(name).contains("CWE-89");
    }
}
