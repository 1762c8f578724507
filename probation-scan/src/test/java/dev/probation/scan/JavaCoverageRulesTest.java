package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Weak randomness (CWE-330), insecure cookies (614), trust boundary (501), LDAP (90) and XPath
 * injection (643): each vulnerable servlet next to its fixed twin. Fixtures written for this test.
 */
class JavaCoverageRulesTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String body) {
        String code = """
                import javax.servlet.http.*;
                import javax.naming.directory.*;
                import javax.xml.xpath.*;
                class Handler extends HttpServlet {
                    private final DirContext directory = null;
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                %s
                    }
                }
                """.formatted(body.replace("\\n", "\n"));
        return scanner.scanCode(code, Language.JAVA, "Handler.java").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            CWE-330 | remember-me cookie from Random  | java.util.Random rng = new java.util.Random();\\nString key = Long.toString(rng.nextLong());\\nresponse.addCookie(secure(new Cookie("rememberMe", key)));
            CWE-330 | session token from Math.random  | String token = Double.toString(Math.random());\\nrequest.getSession().setAttribute("csrf", token);
            CWE-330 | reset token from ThreadLocalRandom | int code = java.util.concurrent.ThreadLocalRandom.current().nextInt(1000000);\\nmailer.sendResetCode(request.getRemoteUser(), code);
            CWE-330 | password from RandomStringUtils | String password = RandomStringUtils.randomAlphanumeric(12);\\nusers.create(request.getRemoteUser(), password);
            CWE-614 | cookie with setSecure(false)    | Cookie c = new Cookie("sid", "abc");\\nc.setHttpOnly(true);\\nc.setSecure(false);\\nresponse.addCookie(c);
            CWE-614 | cookie never made secure        | javax.servlet.http.Cookie c = new javax.servlet.http.Cookie("sid", "abc");\\nc.setPath("/");\\nresponse.addCookie(c);
            CWE-614 | cookie created in the call      | response.addCookie(new Cookie("sid", "abc"));
            CWE-614 | var cookie                      | var c = new Cookie("sid", "abc");\\nresponse.addCookie(c);
            CWE-614 | only the other branch's cookie secure | if (request.isSecure()) {\\nCookie c = new Cookie("sid", "abc");\\nresponse.addCookie(c);\\n} else {\\nCookie c = new Cookie("sid", "abc");\\nc.setSecure(true);\\nresponse.addCookie(c);\\n}
            CWE-501 | request data as attribute value | String user = request.getParameter("user");\\nrequest.getSession().setAttribute("userid", user);
            CWE-501 | request data as attribute name  | HttpSession s = request.getSession(true);\\ns.putValue(request.getHeader("X-Name"), "10340");
            CWE-501 | header name as attribute value  | java.util.Enumeration<String> names = request.getHeaderNames();\\nString name = names.nextElement();\\nrequest.getSession().setAttribute("userid", name);
            CWE-90  | filter built from a parameter   | String filter = "(&(objectclass=person)(uid=" + request.getParameter("uid") + "))";\\ndirectory.search("ou=users", filter, new SearchControls());
            CWE-90  | cast to InitialDirContext       | String uid = request.getParameter("uid");\\nInitialDirContext idc = (InitialDirContext) directory;\\nidc.search("ou=users", "(uid=" + uid + ")", null, new SearchControls());
            CWE-643 | expression built from a header  | XPath xp = XPathFactory.newInstance().newXPath();\\nString e = "/users/user[@id='" + request.getHeader("id") + "']";\\nxp.evaluate(e, document);
            CWE-643 | HTML escaping keeps the apostrophe   | String id = org.apache.commons.text.StringEscapeUtils.escapeHtml4(request.getParameter("id"));\\nXPath xp = XPathFactory.newInstance().newXPath();\\nxp.evaluate("/users/user[@id='" + id + "']", document);
            CWE-643 | compile on a chained newXPath   | String id = request.getParameter("id");\\nXPathFactory.newInstance().newXPath().compile("//user[@id='" + id + "']");
            """)
    void vulnerableFormsAreFound(String cwe, String name, String body) {
        assertThat(cwes(body)).as(name).contains(cwe);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            CWE-330 | remember-me cookie from SecureRandom | java.security.SecureRandom rng = java.security.SecureRandom.getInstance("SHA1PRNG");\\nString key = Long.toString(rng.nextLong());\\nCookie c = new Cookie("rememberMe", key);\\nc.setSecure(true);\\nresponse.addCookie(c);
            CWE-330 | Random for a game, no secret          | java.util.Random dice = new java.util.Random();\\nresponse.getWriter().println(dice.nextInt(6) + 1);
            CWE-330 | a variable named random is not Random | java.security.SecureRandom random = new java.security.SecureRandom();\\nbyte[] token = new byte[32];\\nrandom.nextBytes(token);
            CWE-614 | cookie with setSecure(true)          | Cookie c = new Cookie("sid", "abc");\\nc.setSecure(true);\\nc.setHttpOnly(true);\\nresponse.addCookie(c);
            CWE-614 | secure only mentioned in a comment   | Cookie c = new Cookie("sid", "abc");\\nc.setSecure(true);\\n// c.setSecure(false) would be wrong\\nresponse.addCookie(c);
            CWE-614 | a cookie being deleted               | Cookie c = new Cookie("sid", "");\\nc.setMaxAge(0);\\nresponse.addCookie(c);
            CWE-614 | secure cookie declared before a branch | Cookie c = new Cookie("sid", "abc");\\nif (request.isSecure()) {\\nc.setSecure(true);\\n}\\nresponse.addCookie(c);
            CWE-501 | constant stored in the session       | request.getSession().setAttribute("userid", "guest");
            CWE-501 | request data on the request, not the session | request.setAttribute("user", request.getParameter("user"));
            CWE-501 | validated number in the session      | int page = Integer.parseInt(request.getParameter("page"));\\nrequest.getSession().setAttribute("page", page);
            CWE-90  | filter arguments                     | String uid = request.getParameter("uid");\\ndirectory.search("ou=users", "(uid={0})", new Object[] {uid}, new SearchControls());
            CWE-90  | encoded filter                       | String uid = org.owasp.esapi.ESAPI.encoder().encodeForLDAP(request.getParameter("uid"));\\ndirectory.search("ou=users", "(uid=" + uid + ")", new SearchControls());
            CWE-90  | search on something that is not LDAP | java.util.List<String> names = java.util.List.of();\\nsearchIndex.search("users", "uid=" + request.getParameter("uid"));
            CWE-643 | constant expression with a variable  | XPath xp = XPathFactory.newInstance().newXPath();\\nxp.setXPathVariableResolver(v -> request.getParameter("id"));\\nxp.evaluate("/users/user[@id=$id]", document);
            CWE-643 | name escaped for XML (commons-lang)  | String id = org.apache.commons.lang.StringEscapeUtils.escapeXml(request.getParameter("id"));\\nXPath xp = XPathFactory.newInstance().newXPath();\\nxp.evaluate("/users/user[@id='" + id + "']", document);
            CWE-643 | escapeXml10 from commons-text        | String id = request.getParameter("id");\\nXPathFactory.newInstance().newXPath().compile("//user[@id='" + StringEscapeUtils.escapeXml10(id) + "']");
            CWE-643 | escapeXml11 from commons-lang3       | String id = org.apache.commons.lang3.StringEscapeUtils.escapeXml11(request.getHeader("id"));\\nXPathFactory.newInstance().newXPath().evaluate("//user[@id='" + id + "']", document);
            CWE-643 | ESAPI encodeForXML                   | String id = org.owasp.esapi.ESAPI.encoder().encodeForXML(request.getParameter("id"));\\nXPath xp = XPathFactory.newInstance().newXPath();\\nxp.evaluate("/users/user[@id='" + id + "']", document);
            CWE-94  | XPath evaluate is not code         | XPath xp = XPathFactory.newInstance().newXPath();\\nxp.evaluate("//user[@id='" + request.getParameter("id") + "']", document);
            CWE-643 | evaluate on a script engine          | javax.script.ScriptEngine engine = null;\\nString total = "1 + 2";\\nengine.eval(total);
            """)
    void safeFormsAreClean(String cwe, String name, String body) {
        assertThat(cwes(body)).as(name).doesNotContain(cwe);
    }
}
