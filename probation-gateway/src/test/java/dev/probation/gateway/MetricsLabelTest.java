package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.util.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients choose model names; /metrics must not grow with every one of them. */
class MetricsLabelTest {

    private static final Pattern MODEL = Pattern.compile("^probation_gateway_verdicts_total\\{.*model=\"([^\"]*)\"", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void modelNamesBeyondTheCapAreCountedAsOther() {
        int names = 130;
        try (Harness h = Harness.start(dir)) {
            for (int i = 0; i < names; i++) {
                String body = Json.MAPPER.createObjectNode().put("model", "made-up-model-" + i).set("messages",
                        Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode().put("role", "user").put("content", "hi")))
                        .toString();
                assertThat(h.chat(body).statusCode()).isEqualTo(200);
            }
            h.awaitRecorded(names);
            // verdicts are counted by a listener that runs just after the write the API already shows
            Harness.await(() -> verdicts(h.get("/metrics", null).body()) >= 2.0 * names);
            HttpResponse<String> metrics = h.get("/metrics", null);
            Set<String> models = new TreeSet<>();
            Matcher matcher = MODEL.matcher(metrics.body());
            while (matcher.find()) {
                models.add(matcher.group(1));
            }
            assertThat(models).hasSize(101).contains("made-up-model-0", "made-up-model-99", ModelLabels.OTHER)
                    .doesNotContain("made-up-model-100");
            // Every verdict is still counted: 2 detectors per exchange.
            assertThat(verdicts(metrics.body())).isEqualTo(2.0 * names);
        }
    }

    private static double verdicts(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("probation_gateway_verdicts_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
