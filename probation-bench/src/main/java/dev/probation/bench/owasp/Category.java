package dev.probation.bench.owasp;

import java.util.Arrays;
import java.util.Optional;

/** The 11 vulnerability categories of OWASP Benchmark Java 1.2, each with the CWE its test cases expect. */
public enum Category {
    CMDI("cmdi", "command injection", 78),
    CRYPTO("crypto", "weak cipher", 327),
    HASH("hash", "weak hash", 328),
    LDAPI("ldapi", "LDAP injection", 90),
    PATHTRAVER("pathtraver", "path traversal", 22),
    SECURECOOKIE("securecookie", "insecure cookie", 614),
    SQLI("sqli", "SQL injection", 89),
    TRUSTBOUND("trustbound", "trust boundary", 501),
    WEAKRAND("weakrand", "weak randomness", 330),
    XPATHI("xpathi", "XPath injection", 643),
    XSS("xss", "cross-site scripting", 79);

    private final String id;
    private final String label;
    private final int cwe;

    Category(String id, String label, int cwe) {
        this.id = id;
        this.label = label;
        this.cwe = cwe;
    }

    /** The Benchmark's own name, as in expectedresults-1.2.csv. */
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public int cwe() {
        return cwe;
    }

    public static Optional<Category> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
