package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CWE-798 by flow ({@link HardCodedSecrets}): a string literal reaching a password or key argument is
 * reported, through locals, helpers, fields and other files; the same code reading the value from a file,
 * the console, the environment or a request is not, nor is a literal in an unrelated argument (a user name,
 * a log message). Fixtures written for this test, in the spirit of Juliet's CWE-259 and CWE-321.
 */
class HardCodedSecretsTest {

    private final CodeScanner scanner = new CodeScanner();

    @TempDir
    Path dir;

    private List<Finding> java(String body) {
        String code = """
                import java.io.*;
                import java.sql.*;
                import java.util.Hashtable;
                import javax.crypto.spec.SecretKeySpec;
                import javax.crypto.spec.PBEKeySpec;
                import javax.naming.Context;
                import javax.security.auth.kerberos.*;
                import javax.servlet.http.*;
                class Store {
                    private String fieldValue;
                    static String fixed() {
                        return "s3cr3t-from-helper";
                    }
                    static String fromFile() throws IOException {
                        try (BufferedReader in = new BufferedReader(new FileReader("/etc/app/db.pw"))) {
                            return in.readLine();
                        }
                    }
                    void connectFirst(String[] box) throws Exception {
                        DriverManager.getConnection("jdbc:x", "app", box[2]);
                    }
                    void use(HttpServletRequest request) throws Exception {
                %s
                    }
                }
                """.formatted(body.replace("\\n", "\n"));
        return scanner.scanCode(code, Language.JAVA, "Store.java").findings().stream().filter(f -> f.cwe().equals("CWE-798")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            local assigned later, JDBC password          | String data;\\ndata = "7e5tc4s3";\\nConnection c = DriverManager.getConnection("jdbc:x", "app", data);
            literal through a helper method             | String pw = fixed();\\nDriverManager.getConnection("jdbc:x", "app", pw);
            literal in a field                          | fieldValue = "hunter2hunter2";\\nDriverManager.getConnection("jdbc:x", "app", fieldValue);
            literal on one branch of a ternary          | String pw = request == null ? "fallback-pw" : request.getParameter("pw");\\nDriverManager.getConnection("jdbc:x", "app", pw);
            PasswordAuthentication                      | String data = "7e5tc4s3";\\nnew java.net.PasswordAuthentication("user", data.toCharArray());
            KerberosKey                                 | String data = "7e5tc4s3";\\nnew KerberosKey(new KerberosPrincipal("a@B"), data.toCharArray(), "DES");
            SecretKeySpec from getBytes                 | String key = "23 ~j;asn!@#/>as";\\nnew SecretKeySpec(key.getBytes("UTF-8"), "AES");
            PBEKeySpec                                  | char[] chars = "p4ssphrase".toCharArray();\\nnew PBEKeySpec(chars);
            array element passed to a method            | String[] box = new String[3];\\nbox[2] = "7e5tc4s3";\\nconnectFirst(box);
            JNDI credentials in the environment         | Hashtable<String, String> env = new Hashtable<>();\\nString v = "ldap-pw-1";\\nenv.put(Context.SECURITY_CREDENTIALS, v);
            """)
    void literalReachingASecretIsFound(String name, String body) {
        assertThat(java(body)).as(name).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            password read from the console         | String data = "";\\ntry { data = new BufferedReader(new InputStreamReader(System.in, "UTF-8")).readLine(); } catch (IOException e) { }\\nDriverManager.getConnection("jdbc:x", "root", data);
            password read from a file by a helper  | String pw = fromFile();\\nDriverManager.getConnection("jdbc:x", "root", pw);
            password from the environment          | String pw = System.getenv("DB_PASSWORD");\\nDriverManager.getConnection("jdbc:x", "root", pw);
            password from a properties file        | java.util.Properties p = new java.util.Properties();\\np.load(new FileInputStream("db.properties"));\\nDriverManager.getConnection("jdbc:x", "root", p.getProperty("db.password"));
            password from the request              | DriverManager.getConnection("jdbc:x", "root", request.getParameter("pw"));
            key read from a file, then getBytes    | String key = fromFile();\\nnew SecretKeySpec(key.getBytes("UTF-8"), "AES");
            empty password                         | String pw = "";\\nDriverManager.getConnection("jdbc:x", "sa", pw);
            placeholder password                   | DriverManager.getConnection("jdbc:x", "sa", "changeme");
            literal user name and log message only | String user = "root";\\nSystem.out.println("connecting as root with s3cr3t-log-line");\\nDriverManager.getConnection("jdbc:x", user, System.getenv("PW"));
            literal plain text encrypted           | String text = "Super secret Squirrel";\\nbyte[] plain = text.getBytes("UTF-8");\\nnew SecretKeySpec(fromFile().getBytes("UTF-8"), "AES");
            """)
    void nonConstantOrUnrelatedLiteralIsNotFound(String name, String body) {
        assertThat(java(body)).as(name).isEmpty();
    }

    @Test
    void messageNamesPasswordOrKeyAndNotTheValue() {
        Finding password = java("String data = \"7e5tc4s3\";\nDriverManager.getConnection(\"jdbc:x\", \"root\", data);").getFirst();
        Finding key = java("String k = \"23 ~j;asn!@#/>as\";\nnew SecretKeySpec(k.getBytes(\"UTF-8\"), \"AES\");").getFirst();
        assertThat(password.message()).contains("hard-coded password (CWE-259)").doesNotContain("7e5tc4s3");
        assertThat(password.rule()).isEqualTo("java.hardcoded-credential");
        assertThat(key.message()).contains("hard-coded cryptographic key (CWE-321)");
    }

    @Test
    void literalPassedToASinkInAnotherFileIsFoundAtTheCall() throws IOException {
        Map<String, List<String>> found = scan(Map.of(
                "app/Caller.java", """
                        package app;

                        public class Caller {
                            public void bad() throws Exception {
                                String data = "7e5tc4s3";
                                new Sink().connect(data);
                            }

                            public void good() throws Exception {
                                new Sink().connect(System.getenv("DB_PASSWORD"));
                            }
                        }
                        """,
                "app/Sink.java", """
                        package app;

                        import java.sql.*;

                        public class Sink {
                            public void connect(String password) throws SQLException {
                                DriverManager.getConnection("jdbc:x", "root", password);
                            }
                        }
                        """));
        assertThat(found.get("Caller.java")).containsExactly("CWE-798:6");
        assertThat(found.get("Sink.java")).isEmpty();
    }

    @Test
    void literalReturnedByAHelperInAnotherFileIsFound() throws IOException {
        Map<String, List<String>> found = scan(Map.of(
                "app/Use.java", """
                        package app;

                        import javax.crypto.spec.SecretKeySpec;

                        public class Use {
                            public void bad() throws Exception {
                                String data = new Source().fixed();
                                new SecretKeySpec(data.getBytes("UTF-8"), "AES");
                            }

                            public void good() throws Exception {
                                String data = new Source().read();
                                new SecretKeySpec(data.getBytes("UTF-8"), "AES");
                            }
                        }
                        """,
                "app/Source.java", """
                        package app;

                        import java.io.*;

                        public class Source {
                            public static boolean flag = true;

                            public String fixed() {
                                String data;
                                if (flag) {
                                    data = "23 ~j;asn!@#/>as";
                                } else {
                                    data = null;
                                }
                                return data;
                            }

                            public String read() throws IOException {
                                String data = "";
                                data = new BufferedReader(new InputStreamReader(System.in, "UTF-8")).readLine();
                                return data;
                            }
                        }
                        """));
        assertThat(found.get("Use.java")).containsExactly("CWE-798:8");
        assertThat(found.get("Source.java")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            true  | psycopg2 password keyword   | import psycopg2\\nv = 'Tr0ub4dor&3'\\nconn = psycopg2.connect(host='db', user='root', password=v)
            true  | hmac key through a helper   | import hmac, hashlib\\ndef key():\\n    return b'k3y-material'\\nsig = hmac.new(key(), b'msg', hashlib.sha256)
            true  | requests HTTPBasicAuth      | from requests.auth import HTTPBasicAuth\\nauth = HTTPBasicAuth('admin', 'pa55w0rd!')
            false | password from the env       | import os, psycopg2\\nconn = psycopg2.connect(host='db', user='root', password=os.environ['PGPASSWORD'])
            false | key read from a file        | import hmac, hashlib\\nkey = open('/etc/key', 'rb').read()\\nsig = hmac.new(key, b'msg', hashlib.sha256)
            false | literal user name only      | import psycopg2, getpass\\nconn = psycopg2.connect(host='db', user='root', password=getpass.getpass())
            """)
    void python(boolean flagged, String name, String code) {
        List<Finding> found = scanner.scanCode(code.replace("\\n", "\n") + "\n", Language.PYTHON, "app.py").findings().stream()
                .filter(f -> f.cwe().equals("CWE-798")).toList();
        assertThat(found).as(name).hasSize(flagged ? 1 : 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            true  | jwt.sign with a literal secret  | const jwt = require('jsonwebtoken');\\nconst s = 'shh-its-a-secret';\\nconst t = jwt.sign({sub: 1}, s);
            true  | createHmac key in a variable    | const crypto = require('crypto');\\nconst k = 'k3y-material';\\ncrypto.createHmac('sha256', k).update(body);
            true  | mysql options password          | const mysql = require('mysql');\\nconst v = 'Tr0ub4dor&3';\\nmysql.createConnection({host: 'localhost', user: 'root', password: v});
            false | jwt.sign with an env secret     | const jwt = require('jsonwebtoken');\\nconst t = jwt.sign({sub: 1}, process.env.JWT_SECRET);
            false | mysql password from the env     | const mysql = require('mysql');\\nmysql.createConnection({host: 'localhost', user: 'root', password: process.env.DB_PW});
            false | createHmac key from a file      | const crypto = require('crypto');\\nconst fs = require('fs');\\nconst k = fs.readFileSync('/etc/key');\\ncrypto.createHmac('sha256', k);
            """)
    void javascript(boolean flagged, String name, String code) {
        List<Finding> found = scanner.scanCode(code.replace("\\n", "\n") + "\n", Language.JAVASCRIPT, "app.js").findings().stream()
                .filter(f -> f.cwe().equals("CWE-798")).toList();
        assertThat(found).as(name).hasSize(flagged ? 1 : 0);
    }

    /** The CWEs found in each file, with their lines, scanned as one project. */
    private Map<String, List<String>> scan(Map<String, String> files) throws IOException {
        Map<String, List<String>> found = new LinkedHashMap<>();
        ProjectScan.findings(scanner, dir, files).forEach((file, findings) ->
                found.put(file, findings.stream().map(f -> f.cwe() + ":" + f.line()).toList()));
        return found;
    }
}
