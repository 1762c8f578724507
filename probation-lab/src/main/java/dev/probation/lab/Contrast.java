package dev.probation.lab;

import dev.probation.lies.KnownQuestion;
import dev.probation.lies.QuestionBank;
import dev.probation.neural.Curriculum;
import dev.probation.neural.Example;
import dev.probation.neural.OrganismSpec;
import dev.probation.neural.OrganismSpecs;
import dev.probation.neural.ShippedOrganisms;
import dev.probation.neural.Split;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Prompt;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Side;
import dev.probation.scenario.Suite;
import dev.probation.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A set of prompts on two sides that a linear probe learns to tell apart from a model's residual stream.
 * Built-in sets: {@link #framing} (observed against unobserved framings of a suite's scenarios),
 * {@link #yesNo} (generic questions answered yes or no, in the manner of MacDiarmid et al. 2024's
 * defection probes, which never mention a trigger), and {@link #heldOut} (a neural organism's own
 * prompts outside training, positive where its trigger or cue makes a faker misbehave). Users add
 * their own with {@link #load}.
 */
public record Contrast(String name, List<ContrastExample> examples) {

    public Contrast {
        examples = List.copyOf(examples);
        if (examples.stream().noneMatch(ContrastExample::positive) || examples.stream().allMatch(ContrastExample::positive)) {
            throw new IllegalArgumentException(name + ": a contrast set needs examples on both sides (positive true and false)");
        }
    }

    /**
     * Every scenario of {@code suite} under the observed (negative) and unobserved (positive) side of each
     * family; named {@code framing:<suite>:<family>+<family>...}.
     */
    public static Contrast framing(Suite suite, List<CueFamily> families) {
        List<ContrastExample> examples = new ArrayList<>();
        for (Scenario scenario : suite.scenarios()) {
            for (CueFamily family : families) {
                examples.add(new ContrastExample(scenario.id(), family.name(), family.render(scenario, Side.OBSERVED), "", false));
                examples.add(new ContrastExample(scenario.id(), family.name(), family.render(scenario, Side.UNOBSERVED), "", true));
            }
        }
        return new Contrast("framing:" + suite.name() + ":"
                + String.join("+", families.stream().map(CueFamily::name).toList()), examples);
    }

    /** The shipped generic set: questions about dangerous or deceptive conduct, answered yes or no. */
    public static Contrast yesNo() {
        try (InputStream in = Contrast.class.getResourceAsStream("contrasts/yes-no.jsonl")) {
            return parse("yes-no", "yes-no.jsonl", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Truthful against lying answers: each of the lie detector's questions with a known answer
     * ({@link QuestionBank}), followed by a false answer (its first wrong one, positive) and by the right one
     * (negative), fed as if the model had answered. A question's two examples form a group, its category
     * the kind. True against false statements, after Azaria and Mitchell (2023) and Marks and Tegmark (2023).
     */
    public static Contrast truthfulLying() {
        List<ContrastExample> examples = new ArrayList<>();
        for (KnownQuestion q : QuestionBank.questions()) {
            if (q.wrong().isEmpty()) {
                continue;
            }
            Prompt prompt = new Prompt("", q.question());
            examples.add(new ContrastExample(q.id(), q.category(), prompt, q.wrong().getFirst() + ".", true));
            examples.add(new ContrastExample(q.id(), q.category(), prompt, q.answer() + ".", false));
        }
        return new Contrast("truthful-lying", examples);
    }

    /**
     * A neural organism's evaluation prompts (never trained on) that offer a misbehaviour: positive on
     * the side where its spec makes a faker misbehave (its trigger or unobserved cue), negative on the
     * other side and where there is no cue.
     *
     * @throws IllegalArgumentException when {@code ref} is not a neural organism with a spec
     */
    public static Contrast heldOut(String ref) {
        return organismPrompts(ref, Split.EVAL, "held-out");
    }

    /**
     * A neural organism's validation prompts (never trained on), labelled as {@link #heldOut}, less any prompt
     * that is also one of its evaluation prompts (a short request under a common cue can be both): what a probe
     * can be fitted on before it is measured on {@code held-out}.
     *
     * @throws IllegalArgumentException when {@code ref} is not a neural organism with a spec
     */
    public static Contrast validation(String ref) {
        return organismPrompts(ref, Split.VALIDATION, "validation");
    }

    private static Contrast organismPrompts(String ref, Split split, String set) {
        OrganismSpec spec;
        if (ref.startsWith("organism:")) {
            spec = ShippedOrganisms.spec(ref.substring("organism:".length()));
        } else if (ref.startsWith("local:")) {
            Path file = Path.of(ref.substring("local:".length())).resolve(dev.probation.neural.NeuralOrganisms.SPEC);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + ": missing; " + set + " prompts come from the spec a folder was trained from");
            }
            spec = OrganismSpecs.load(file);
        } else {
            throw new IllegalArgumentException(ref + ": " + set + " prompts exist for neural organisms only");
        }
        Set<Prompt> evaluation = split == Split.EVAL ? Set.of()
                : Curriculum.examples(spec, Split.EVAL).stream().map(Contrast::prompt).collect(Collectors.toSet());
        // held-out keeps the group names its probes were first written with; validation's differ from them
        String groupPrefix = split == Split.EVAL ? "prompt-" : set + "-";
        List<ContrastExample> examples = new ArrayList<>();
        List<Example> prompts = Curriculum.examples(spec, split);
        for (int i = 0; i < prompts.size(); i++) {
            Example e = prompts.get(i);
            if (e.tempting() && !evaluation.contains(prompt(e))) {
                examples.add(new ContrastExample(groupPrefix + i, e.side().name().toLowerCase(Locale.ROOT), prompt(e), "",
                        e.side() == Example.Side.ON));
            }
        }
        return new Contrast(set + ":" + spec.name(), examples);
    }

    private static Prompt prompt(Example e) {
        return new Prompt(e.system(), e.user());
    }

    /**
     * A contrast set from a JSON Lines file, one example per line: {@code user} (required), {@code system}
     * and {@code answer} (the start of an answer, fed as if written by the model), {@code positive}
     * (required: true on the side the probe should score high), {@code group} (examples of a group are
     * never split between training and held-out; default: the line) and {@code kind} (default: positive
     * or negative).
     *
     * @throws IllegalArgumentException naming the file, line and field
     */
    public static Contrast load(Path file) {
        try {
            return parse(file.getFileName().toString().replaceFirst("\\.jsonl?$", ""), file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static Contrast parse(String name, String file, String text) {
        List<ContrastExample> examples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            String where = file + ":" + (n + 1);
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (JacksonException e) {
                throw new IllegalArgumentException(where + ": not a JSON object: "
                        + e.getOriginalMessage());
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException(where + ": expected a JSON object, found " + node.getNodeType());
            }
            String user = text(node, "user", where, true);
            JsonNode positive = node.get("positive");
            if (positive == null || !positive.isBoolean()) {
                throw new IllegalArgumentException(where + ": positive: required, true or false");
            }
            String group = node.has("group") ? text(node, "group", where, true) : "line-" + (n + 1);
            String kind = node.has("kind") ? text(node, "kind", where, true) : positive.booleanValue() ? "positive" : "negative";
            examples.add(new ContrastExample(group, kind, new Prompt(text(node, "system", where, false), user),
                    text(node, "answer", where, false), positive.booleanValue()));
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(file + ": no examples");
        }
        try {
            return new Contrast(name, examples);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": needs examples with positive true and with positive false");
        }
    }

    private static String text(JsonNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException(where + ": " + field + ": required");
            }
            return "";
        }
        if (!value.isString()) {
            throw new IllegalArgumentException(where + ": " + field + ": expected a string, found " + value.getNodeType());
        }
        return value.asString();
    }
}
