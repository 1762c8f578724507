package dev.probation.bench.juliet;

import java.util.regex.Pattern;

/**
 * The unit Juliet scores: the flawed flow of a test case (all its {@code bad*} methods, in every file of the test
 * case) or one of its fixed flows ({@code goodG2B}, {@code goodB2G}, {@code good1}..., each with its
 * {@code ...Sink}/{@code ...Source} helpers).
 *
 * @param testCase the test case's name ({@link TestCaseFile#testCase()})
 * @param cwe the test case's Juliet CWE
 * @param side bad or good
 * @param variant {@code bad} for the bad side; the good flow's name, helpers folded in ({@code goodG2BSink} is {@code goodG2B})
 */
record Unit(String testCase, int cwe, Side side, String variant) {

    enum Side { BAD, GOOD }

    private static final Pattern HELPER = Pattern.compile("(?:Sink|Source|_sink|_source)$");

    /** What the test case's name says (functional and flow variant). */
    TestCaseFile name() {
        return TestCaseFile.parse(testCase + ".java").orElseThrow();
    }

    /** The unit a method of this name belongs to, or null when the name is neither bad* nor good*. */
    static Unit ofMethod(TestCaseFile file, String method) {
        if (method.startsWith("bad")) {
            return new Unit(file.testCase(), file.cwe(), Side.BAD, "bad");
        }
        if (method.startsWith("good")) {
            return new Unit(file.testCase(), file.cwe(), Side.GOOD, HELPER.matcher(method).replaceFirst(""));
        }
        return null;
    }

    /** The unit a whole {@code _81_bad} or {@code _81_good...} file stands for, or null. */
    static Unit ofFile(TestCaseFile file) {
        return file.fileSide().map(side -> side == Side.BAD ? new Unit(file.testCase(), file.cwe(), side, "bad")
                : new Unit(file.testCase(), file.cwe(), side, file.fileVariant())).orElse(null);
    }
}
