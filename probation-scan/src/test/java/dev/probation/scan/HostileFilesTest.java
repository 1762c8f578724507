package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made to break or dodge the scanner: special files, endless input, NUL bytes, code nested
 * thousands deep. Each is either scanned or reported as not scanned, by name, and never hangs.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileFilesTest {

    private static final String VULNERABLE = "import os\ndef ping(request):\n    os.system('ping ' + request.args['host'])\n";

    @TempDir
    Path dir;

    private final CodeScanner scanner = new CodeScanner();

    @Test
    void aFifoIsRefusedByNameInsteadOfWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("pipe.py");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CodeScanner.Result result = scanner.scanFile(fifo, Optional.empty());
        assertThat(result.error()).isEqualTo("not scanned: a FIFO (named pipe); only regular files are read");
        assertThat(result.complete()).isFalse();
    }

    @Test
    void aLinkToDevZeroIsRefusedByNameInsteadOfReadUntilMemoryRunsOut() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("zero.py"), Path.of("/dev/zero"));
        CodeScanner.Result result = scanner.scanFile(link, Optional.empty());
        assertThat(result.error()).isEqualTo("not scanned: a symbolic link to /dev/zero, a character device; only regular files are read");
        Path linkToCode = Files.createSymbolicLink(dir.resolve("linked.py"), Files.writeString(dir.resolve("real.py"), VULNERABLE));
        assertThat(scanner.scanFile(linkToCode, Optional.empty()).findings()).extracting(Finding::cwe).containsExactly("CWE-78");
    }

    @Test
    void endlessInputStopsAtTheSizeLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }
        };
        CodeScanner.Result result = new CodeScanner(4096).scanStream(endless, Optional.of(Language.PYTHON), "-");
        assertThat(result.error()).isEqualTo("not scanned: the input is more than the 4096-byte limit (--max-file-size)");
        assertThat(new CodeScanner(4096).scanStream(new java.io.ByteArrayInputStream(VULNERABLE.getBytes(StandardCharsets.UTF_8)),
                Optional.of(Language.PYTHON), "-").findings()).extracting(Finding::cwe).containsExactly("CWE-78");
    }

    @Test
    void theSizeLimitHasACeilingSoThatMemoryStaysBounded() {
        assertThatThrownBy(() -> new CodeScanner(200_000_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the size limit must be between 1 and 8388608 bytes, was 200000000");
        assertThat(new CodeScanner(CodeScanner.MAX_BYTES_LIMIT)).isNotNull();
    }

    @Test
    void aNulByteDoesNotHideTheCode() throws IOException {
        Path file = Files.write(dir.resolve("nul.py"), ("# \0\n" + VULNERABLE).getBytes(StandardCharsets.UTF_8));
        CodeScanner.Result result = scanner.scanFile(file, Optional.empty());
        assertThat(result.error()).isNull();
        assertThat(result.findings()).extracting(Finding::cwe, Finding::line).containsExactly(org.assertj.core.groups.Tuple.tuple("CWE-78", 4));
        assertThat(result.warnings()).containsExactly("1 NUL byte read as space");
        assertThat(result.complete()).isTrue();
    }

    @Test
    void aBinaryFileIsNotScannedAndSaysSo() throws IOException {
        byte[] png = new byte[600];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, png, 0, 8);
        CodeScanner.Result result = scanner.scanFile(Files.write(dir.resolve("image.py"), png), Optional.empty());
        assertThat(result.error()).startsWith("not scanned: a binary file");
        assertThat(result.complete()).isFalse();
    }

    @Test
    void aLongLineNestedThousandsDeepIsAnalysedDownToTheLimitAndFlagged() throws IOException {
        String deep = "TOTAL = " + "1 + ".repeat(50_000) + "1\n"; // one 200 KB line, a tree 50,000 levels deep
        Path file = Files.writeString(dir.resolve("deep.py"), VULNERABLE + deep + "eval(input())\n");
        CodeScanner.Result result = scanner.scanFile(file, Optional.empty());
        assertThat(result.error()).isNull();
        assertThat(result.findings()).extracting(Finding::cwe).containsExactly("CWE-78", "CWE-94");
        assertThat(result.warnings()).containsExactly("python code from line 4 is nested more than 500 levels deep; what lies "
                + "deeper was not analysed");
        assertThat(result.complete()).isFalse();
    }

    @Test
    void aTreeStopsGrowingAtItsNodeLimitSoThatTheHeapDoesNotRunOut() {
        String code = VULNERABLE + "NUMBERS = [" + "1, ".repeat(5_000) + "1]\n";
        Tree cut = Tree.parse(code, Language.PYTHON, 1_000);
        assertThat(cut.droppedLine()).isEqualTo(4);
        assertThat(new Flow(cut, "x.py", 0).run()).extracting(Finding::cwe).containsExactly("CWE-78"); // what was copied is analysed
        assertThat(Tree.parse(code, Language.PYTHON).droppedLine()).isZero();
    }

    @Test
    void anAssignmentChainCutAtTheDepthLimitIsAnalysedDownToIt() {
        String chain = "x = ".repeat(5_000);
        CodeScanner.Result result = scanner.scanCode("class A {\n    void f(String q) throws Exception {\n        String x;\n        " + chain
                + "q;\n        Runtime.getRuntime().exec(q);\n    }\n}\n", Language.JAVA, "Chain.java");
        assertThat(result.warnings()).containsExactly("java code from line 4 is nested more than 500 levels deep; what lies deeper "
                + "was not analysed");
        assertThat(result.complete()).isFalse();
    }
}
