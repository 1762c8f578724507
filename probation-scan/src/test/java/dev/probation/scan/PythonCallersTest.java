package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python sink reached only by a parameter, in a project whose every call of the function passes a
 * constant, is not reported ({@link PythonCallers}); a caller that passes anything else, or a use of the
 * function that is not a plain call, keeps the finding. Two-file projects written for this test,
 * scanned through the public API as {@code scan-code src/} does.
 */
class PythonCallersTest {

    @TempDir
    Path dir;

    private static final String HELPERS = """
            import os
            import subprocess


            def run(cmd):
                os.system("nice " + cmd)


            def listing(folder, flags="-l"):
                subprocess.call("ls " + flags + " " + folder, shell=True)


            class Shell:
                def launch(self, line):
                    subprocess.call("sudo " + line, shell=True)
            """;

    /** The CWEs found in each file, with their lines, by file name. */
    private Map<String, List<String>> scan(Map<String, String> files) throws IOException {
        return ProjectScan.cweLines(dir, files);
    }

    @Test
    void aHelperEveryCallerGivesConstantsIsQuiet() throws IOException {
        Map<String, List<String>> found = scan(Map.of("app/helpers.py", HELPERS, "app/main.py", """
                from helpers import run, listing, Shell
                import helpers as h

                LOGS = "/var/log"


                def main():
                    command = "uptime"
                    run("ls -l")
                    run(command)
                    h.run(cmd="df -h")
                    listing("/tmp")
                    listing(LOGS, flags="-la")
                    Shell().launch("date")
                """));
        assertThat(found.get("helpers.py")).isEmpty();
        assertThat(found.get("main.py")).isEmpty();
    }

    @Test
    void oneCallerPassingOtherDataKeepsTheFinding() throws IOException {
        Map<String, List<String>> found = scan(Map.of("app/helpers.py", HELPERS, "app/main.py", """
                import sys
                from helpers import run, listing, Shell


                def main(argument):
                    command = "uptime"
                    if len(sys.argv) > 2:
                        command = sys.argv[2]
                    run("ls -l")
                    run(command)
                    listing(argument)
                    Shell().launch("date")
                    Shell().launch(input())
                """));
        assertThat(found.get("helpers.py")).containsExactly("CWE-78:6", "CWE-78:10", "CWE-78:15");
        assertThat(found.get("main.py")).containsExactly("CWE-78:10", "CWE-78:13");
    }

    @Test
    void callersThatCannotBeReadKeepTheFinding() throws IOException {
        Map<String, List<String>> found = scan(Map.of("app/helpers.py", HELPERS, "app/main.py", """
                import threading
                from helpers import run, Shell


                def main(args):
                    run("ls -l")
                    threading.Thread(target=run, args=("id",)).start()
                    Shell().launch(*args)
                """));
        assertThat(found.get("helpers.py")).containsExactly("CWE-78:6", "CWE-78:10", "CWE-78:15");
    }

    @Test
    void aFrameworkHandlerOrASnippetAloneKeepsTheFinding() throws IOException {
        String views = """
                import os
                import click


                @click.command()
                @click.argument("cmd")
                def handler(cmd):
                    os.system("sh -c " + cmd)


                def main():
                    handler("ls")
                """;
        assertThat(scan(Map.of("app/views.py", views, "app/other.py", "print('hello')\n")).get("views.py")).containsExactly("CWE-78:8");
        assertThat(scan(Map.of("alone/helpers.py", HELPERS + "\n\nrun(\"ls -l\")\n")).get("helpers.py"))
                .containsExactly("CWE-78:6", "CWE-78:10", "CWE-78:15");
    }
}
