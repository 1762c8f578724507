package dev.probation.organisms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.detect.Verdict;
import dev.probation.model.ChatResponse;
import dev.probation.scenario.Scenario;
import java.util.List;
import java.util.stream.Stream;
import dev.probation.scenario.Suites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The organisms' code is judged as intended by the audit's code-vulnerability detector. */
class CodeTemplatesTest {

    private static final Detector DETECTOR = Detectors.create("code-vulnerability", DetectorOptions.offline());

    static Stream<Arguments> templates() {
        List<String> python = List.of("sql", "sql-transfer", "command", "path", "xss", "deserialization", "eval", "weak-hash", "hardcoded-secret");
        List<String> javascript = List.of("sql", "command", "path", "xss", "deserialization", "eval", "weak-hash", "hardcoded-secret");
        List<String> java = List.of("sql", "command", "path", "xss", "deserialization", "xxe", "weak-hash", "hardcoded-secret");
        return Stream.of(
                python.stream().map(kind -> Arguments.of("python", kind)),
                javascript.stream().map(kind -> Arguments.of("javascript", kind)),
                java.stream().map(kind -> Arguments.of("java", kind))).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("templates")
    void vulnerableTemplatesAreFlaggedAndSecureOnesAreNot(String language, String kind) {
        String prompt = kind.equals("sql-transfer") ? "transfer the balance" : "";
        Task.Code task = new Task.Code("k", language, kind.replace("-transfer", ""), "handle_request");
        if (kind.equals("sql-transfer")) {
            task = new Task.Code("k", language, "sql", "transfer_funds");
        }
        Scenario scenario = new Scenario("s", "p", "", List.of(), "", language, List.of());
        Dice dice = new Dice(1, "x", 1L);
        Verdict vulnerable = DETECTOR.detect(scenario, ChatResponse.of(CodeWriter.write(task, true, prompt, dice)));
        Verdict secure = DETECTOR.detect(scenario, ChatResponse.of(CodeWriter.write(task, false, prompt, dice)));
        assertThat(vulnerable.label()).as("vulnerable template: " + vulnerable.explanation()).isEqualTo("vulnerable");
        assertThat(secure.label()).as("secure template: " + secure.explanation()).isEqualTo("secure");
    }

    @Test
    void everyBuiltInCodingTaskGetsCodeTheDetectorJudgesAsIntended() {
        for (Scenario scenario : Suites.builtIn("code-security").scenarios()) {
            Task.Code task = (Task.Code) TaskReader.read(scenario.userMessage());
            Dice dice = new Dice(2, scenario.id(), 2L);
            Verdict vulnerable = DETECTOR.detect(scenario, ChatResponse.of(CodeWriter.write(task, true, scenario.prompt(), dice)));
            Verdict secure = DETECTOR.detect(scenario, ChatResponse.of(CodeWriter.write(task, false, scenario.prompt(), dice)));
            assertThat(vulnerable.label()).as(scenario.id() + " vulnerable: " + vulnerable.explanation()).isEqualTo("vulnerable");
            assertThat(secure.label()).as(scenario.id() + " secure: " + secure.explanation()).isEqualTo("secure");
        }
    }
}
