package dev.probation.report;

import dev.probation.run.Summary;
import dev.probation.util.Json;
import tools.jackson.databind.SerializationFeature;

/** {@code summary.json}: the {@link Summary} as indented JSON. */
public final class SummaryJson {

    private SummaryJson() {}

    public static String render(Summary summary) {
        return Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary) + "\n";
    }
}
