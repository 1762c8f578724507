package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A megabyte in the shapes that made a rule's regex backtrack over a whole line from every position
 * (or search the whole file once per name): each took minutes to hours, and is now read in time
 * linear in its length. The limit is generous; a regression takes far longer than it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LongLinesTest {

    private static final int MIB = 1 << 20;

    /** A shape, the code around it, and the finding that proves the code after the long part was analysed. */
    record Shape(String name, Language language, String code, String cwe) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Shape> shapes() {
        String exec = "\nconst cp = require('child_process');\ncp.exec(process.argv[2]);\n";
        String system = "\nimport os\nos.system(input())\n";
        return List.of(
                // JsRules: (\w+)\s*=\s*...promisify, tried from every letter of the string
                new Shape("a long JavaScript string", Language.JAVASCRIPT, "var a = \"" + "b".repeat(MIB) + "\";" + exec, "CWE-78"),
                // Credentials: a URL's scheme [a-z0-9+.-]* ran to the end of the line from every word
                new Shape("a long dotted Python string", Language.PYTHON, "a = '" + "a.".repeat(MIB / 2) + "'" + system, "CWE-78"),
                new Shape("a long dotted Java string", Language.JAVA, "class A { String a = \"" + "a-".repeat(MIB / 2) + "\"; void f() "
                        + "throws Exception { Runtime.getRuntime().exec(System.getenv(\"CMD\")); } }\n", "CWE-78"),
                // Rules: <\s*/?\s* split the spaces after '<' every way
                new Shape("spaces after a '<' in HTML built from input", Language.PYTHON, "from flask import request\n\ndef page():\n"
                        + "    return '<" + " ".repeat(MIB) + "1' + '<b>' + request.args['q']\n", "CWE-79"),
                // Tree: the literal assigned to each name was searched for in the whole file, name by name
                new Shape("twenty thousand names looked up", Language.JAVASCRIPT, "const crypto = require('crypto');\n"
                        + IntStream.range(0, 20_000).mapToObj(i -> "crypto.createHash(algorithm" + i + ");")
                        .collect(Collectors.joining(" ")) + exec, "CWE-78"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void isScannedInFullInLinearTime(Shape shape) {
        CodeScanner.Result result = new CodeScanner(CodeScanner.MAX_BYTES_LIMIT).scanCode(shape.code(), shape.language(), "long");
        assertThat(result.complete()).as(result.warnings().toString()).isTrue();
        assertThat(result.findings()).extracting(Finding::cwe).contains(shape.cwe());
    }

    /** CodeBlocks: (?m)^\s* ran on over every following blank line, from every line, looking for code. */
    @Test
    void blankLinesInAnAnswerAreReadInLinearTime() {
        CodeScanner scanner = new CodeScanner(CodeScanner.MAX_BYTES_LIMIT);
        CodeScanner.Result prose = scanner.scanText("\n".repeat(MIB) + "No code here.\n", Optional.empty(), "answer.md");
        assertThat(prose.warnings()).containsExactly("no Python, Java, JavaScript or TypeScript code found");

        String untagged = "```\n" + "\n".repeat(MIB) + "plain words\n```\n\n```python\nimport os\nos.system(input())\n```\n";
        assertThat(scanner.scanText(untagged, Optional.empty(), "answer.md").findings()).extracting(Finding::cwe).containsExactly("CWE-78");
    }
}
