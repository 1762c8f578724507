package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * XSS in an error message (Juliet's CWE-81, reported as CWE-79): {@code response.sendError(code, message)}
 * puts the message into the container's HTML error page. Request data reaching it is found, unless
 * escaped the way the other XSS sinks accept. Fixtures written for this test.
 */
class SendErrorXssTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String body) {
        String code = """
                import javax.servlet.http.*;
                class Handler extends HttpServlet {
                    interface Mailer { void sendError(int code, String text); }
                    private final Mailer mailer = null;
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
                %s
                    }
                }
                """.formatted(body.replace("\\n", "\n"));
        return scanner.scanCode(code, Language.JAVA, "Handler.java").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            true  | parameter in an HTML message          | String name = request.getParameter("name");\\nresponse.sendError(404, "<br>No user named " + name);
            true  | header as the whole message           | response.sendError(400, request.getHeader("X-Reason"));
            true  | cookie value through a local          | String v = request.getCookies()[0].getValue();\\nString m = "bad cookie " + v;\\nresponse.sendError(403, m);
            false | escaped with ESAPI                    | String name = request.getParameter("name");\\nresponse.sendError(404, "<br>No user named " + org.owasp.esapi.ESAPI.encoder().encodeForHTML(name));
            false | escaped with StringEscapeUtils        | String name = request.getParameter("name");\\nresponse.sendError(404, "No user named " + org.apache.commons.text.StringEscapeUtils.escapeHtml4(name));
            false | a number parsed from the parameter    | int id = Integer.parseInt(request.getParameter("id"));\\nresponse.sendError(404, "No item " + id);
            false | constant message                      | response.sendError(404, "Not found");
            false | status code only                      | String name = request.getParameter("name");\\nresponse.sendError(404);
            false | sendError of another type              | mailer.sendError(500, request.getParameter("name"));
            """)
    void sendErrorMessage(boolean flagged, String name, String body) {
        if (flagged) {
            assertThat(cwes(body)).as(name).contains("CWE-79");
        } else {
            assertThat(cwes(body)).as(name).doesNotContain("CWE-79");
        }
    }
}
