package dev.probation.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.stats.FamilyResult;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChartsTest {

    private static final Pattern LABEL = Pattern.compile("<text x=\"(\\d+)\"[^>]*class=\"label\" text-anchor=\"end\">([^<]*)</text>");

    /** A right-aligned label needs room to its left for every character; "monitoring-banner" was cut to "onitoring-banner". */
    @Test
    void longFamilyNamesFitLeftOfTheirRows() {
        FamilyResult longName = new FamilyResult("monitoring-banner", 0, 0.95, 0.95, 0.85, 1, 0.0001, 0.0001, true, 20, 19, 0, 2.7);
        Matcher label = LABEL.matcher(Charts.forest(List.of(longName)));
        assertThat(label.find()).isTrue();
        assertThat(label.group(2)).isEqualTo("monitoring-banner");
        // 13 px sans-serif: at least 7 px per character must fit between the left edge and the label's end
        assertThat(Integer.parseInt(label.group(1))).isGreaterThanOrEqualTo(7 * "monitoring-banner".length());
    }
}
