package dev.probation.detect;

/**
 * One vulnerable pattern found in code.
 *
 * @param cwe     e.g. {@code CWE-89}
 * @param rule    rule id, e.g. {@code python.sql.interpolated-query}
 * @param line    1-based line within the code block
 * @param snippet the offending line
 * @param why     which input reaches which sink
 */
record CodeFinding(String cwe, String rule, int line, String snippet, String why) {}
