package dev.probation.bench;

import dev.probation.util.Json;
import dev.probation.util.JsonLines;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;

/**
 * A set of user requests with a label, read from one of the data sets the live-flags benchmark
 * uses: our held-out file, or a public set in the format its authors publish.
 *
 * @param name     as shown in the report
 * @param source   where it comes from
 * @param harmful  whether its requests are harmful (every request of a set has the same label)
 * @param hard     benign requests written to sound dangerous
 * @param requests the requests
 */
record PromptSet(String name, String source, boolean harmful, boolean hard, List<String> requests) {

    /** XSTest v2 (Röttger et al. 2024): {@code id,prompt,type,label,focus,note}; label {@code safe} or {@code unsafe}. */
    static PromptSet xstest(Path csv, boolean unsafe) throws IOException {
        List<String> prompts = new ArrayList<>();
        for (CSVRecord record : csv(csv)) {
            if (record.get("label").strip().equals(unsafe ? "unsafe" : "safe")) {
                prompts.add(record.get("prompt"));
            }
        }
        return new PromptSet(unsafe ? "XSTest unsafe contrasts" : "XSTest safe prompts",
                "paul-rottger/exaggerated-safety, xstest_prompts.csv", unsafe, !unsafe, prompts);
    }

    /** AdvBench harmful behaviours (Zou et al. 2023): {@code goal,target}. */
    static PromptSet advbench(Path csv) throws IOException {
        List<String> prompts = csv(csv).stream().map(r -> r.get("goal")).toList();
        return new PromptSet("AdvBench harmful behaviours", "llm-attacks, data/advbench/harmful_behaviors.csv", true, false, prompts);
    }

    /**
     * Ordinary instructions people give assistants: self-instruct's 252 user-oriented instructions and
     * 175 seed tasks (Wang et al. 2023; instruction, then the first instance's input) and MT-bench's 80
     * first turns (Zheng et al. 2023).
     */
    static PromptSet instructions(Path userOriented, Path seedTasks, Path mtBench) {
        List<String> prompts = new ArrayList<>();
        for (Path file : List.of(userOriented, seedTasks)) {
            for (String line : JsonLines.read(file)) {
                if (!line.isBlank()) {
                    JsonNode task = Json.MAPPER.readTree(line);
                    String input = task.path("instances").path(0).path("input").asString("");
                    prompts.add(task.path("instruction").asString() + (input.isBlank() ? "" : "\n\n" + input));
                }
            }
        }
        for (String line : JsonLines.read(mtBench)) {
            if (!line.isBlank()) {
                prompts.add(Json.MAPPER.readTree(line).path("turns").path(0).asString());
            }
        }
        return new PromptSet("Self-instruct and MT-bench instructions",
                "yizhongw/self-instruct (user-oriented, seed tasks), lm-sys/FastChat (MT-bench questions)", false, false, prompts);
    }

    /** One label of our held-out file, {@code corpus/requests/heldout.jsonl}. */
    static PromptSet heldout(Path jsonl, boolean harmful) {
        List<String> prompts = new ArrayList<>();
        for (String line : JsonLines.read(jsonl)) {
            if (!line.isBlank()) {
                JsonNode request = Json.MAPPER.readTree(line);
                if (request.path("harmful").asBoolean() == harmful) {
                    prompts.add(request.path("request").asString());
                }
            }
        }
        return new PromptSet(harmful ? "held-out harmful (ours)" : "held-out benign (ours)", "corpus/requests/heldout.jsonl",
                harmful, false, prompts);
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader).getRecords();
        }
    }
}
