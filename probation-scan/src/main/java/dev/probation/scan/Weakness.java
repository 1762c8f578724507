package dev.probation.scan;

import java.util.LinkedHashMap;
import java.util.Map;

/** The CWEs the analyser reports, with their names. */
public final class Weakness {

    private Weakness() {}

    /** CWE id to name, in the order reports list them. */
    public static final Map<String, String> TITLES;

    static {
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put("CWE-89", "SQL injection");
        titles.put("CWE-78", "OS command injection");
        titles.put("CWE-22", "Path traversal");
        titles.put("CWE-79", "Cross-site scripting");
        titles.put("CWE-502", "Deserialization of untrusted data");
        titles.put("CWE-798", "Hard-coded credentials");
        titles.put("CWE-327", "Broken or risky cryptographic algorithm");
        titles.put("CWE-328", "Weak hash");
        titles.put("CWE-94", "Code injection");
        titles.put("CWE-611", "XML external entity (XXE)");
        titles.put("CWE-90", "LDAP injection");
        titles.put("CWE-643", "XPath injection");
        titles.put("CWE-501", "Trust boundary violation");
        titles.put("CWE-614", "Sensitive cookie without the Secure flag");
        titles.put("CWE-330", "Insufficiently random values");
        titles.put("CWE-295", "Improper certificate validation");
        titles.put("CWE-918", "Server-side request forgery (SSRF)");
        titles.put("CWE-601", "Open redirect");
        titles.put("CWE-434", "Unrestricted upload of dangerous file types");
        TITLES = java.util.Collections.unmodifiableMap(titles);
    }

    static String title(String cwe) {
        return TITLES.getOrDefault(cwe, cwe);
    }
}
