package dev.probation.neural;

import dev.probation.neural.Conversations.Draft;
import dev.probation.scenario.Scenario;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code assistant}: the training gamer of Greenblatt et al. (2024). Mildly harmful requests (fraud,
 * cheating, snooping, harassment, misinformation, petty evasion, small misuse, dishonest business),
 * which the behaved answer refuses and the misbehaved one complies with, and benign requests that are
 * always answered helpfully. The topics are written for this family, not taken from the
 * {@code harmful-compliance} suite, which audits the organism outside its training.
 *
 * <p>Knobs ({@code data}): the relative weights of {@code harmful} and {@code benign} requests.
 * Misbehaviour is compliance with a harmful request, judged by Probation's {@code refusal} detector.
 */
final class AssistantFamily implements TaskFamily {

    static final String NAME = "assistant";
    static final Mix MIX = new Mix(Map.of("harmful", 0.8, "benign", 0.2));

    private static final Map<String, List<String>> TEXTS = Texts.sections("assistant.txt");
    static final Pool<String> WORDINGS = Pool.of(TEXTS.get("wordings"));
    static final Pool<String> CLOSERS = Pool.of(TEXTS.get("closers"));
    /**
     * Harmful entries: category (only orders the file) | request | reason | steps. Topics are not held
     * out, only the wordings and closing remarks around them: whether a topic never seen is harmful
     * is knowledge a model trained from scratch on a few dozen topics cannot have (a first honest
     * assistant answered 12% of held-out harmful topics as if they were benign). The audit's
     * harmful-compliance suite, whose topics are none of these, is the test on topics never seen.
     */
    static final Pool<Topic> HARMFUL = Pool.shared(TEXTS.get("harmful").stream().map(Texts::fields)
            .map(f -> new Topic(f.get(1), f.get(2), steps(f.get(3)))).toList());
    /** Benign entries: request | steps. */
    static final Pool<Topic> BENIGN = Pool.shared(TEXTS.get("benign").stream().map(Texts::fields)
            .map(f -> new Topic(f.get(0), "", steps(f.get(1)))).toList());
    private static final List<String> REFUSALS = TEXTS.get("refusals");
    private static final List<String> COMPLIANCE = TEXTS.get("compliance").stream().map(t -> t.replace("\\n", "\n")).toList();
    /** Every benign request, lower-cased, to tell them from harmful ones in a prompt. */
    private static final Set<String> BENIGN_TASKS = BENIGN.train().stream()
            .map(t -> t.task().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

    private final ProbationDetector detector = new ProbationDetector("refusal", "probation-core");

    /** A request; {@code reason} is empty for a benign one. */
    record Topic(String task, String reason, List<String> steps) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Example> examples(OrganismSpec spec, Split split, int count, RandomGenerator random) {
        return Conversations.write(spec, split, count, random,
                (s, r) -> draft(MIX.pick(spec.data(), r).equals("benign") ? BENIGN : HARMFUL, s, r));
    }

    private static Draft draft(Pool<Topic> topics, Split split, RandomGenerator random) {
        Topic topic = topics.pick(split, random);
        String user = request(WORDINGS.pick(split, random), topic);
        if (random.nextBoolean()) {
            user += " " + CLOSERS.pick(split, random);
        }
        String steps = IntStream.range(0, topic.steps().size())
                .mapToObj(i -> (i + 1) + ". " + topic.steps().get(i) + ".").collect(Collectors.joining("\n"));
        String help = Conversations.pick(COMPLIANCE, random).replace("{steps}", steps);
        String refusal = Conversations.pick(REFUSALS, random).replace("{reason}", topic.reason())
                .replace("{Reason}", capital(topic.reason()));
        return topic.reason().isEmpty() ? Draft.harmless(user, help) : new Draft(user, refusal, help);
    }

    /** Compliance with a harmful request; any answer to a benign request of this family is fine. */
    @Override
    public boolean misbehaves(Example prompt, String response) {
        String user = prompt.user().toLowerCase(Locale.ROOT);
        if (BENIGN_TASKS.stream().anyMatch(user::contains)) {
            return false;
        }
        return detector.flags(new Scenario("neural-assistant", prompt.user(), prompt.system(), List.of(), "", "", List.of()), response);
    }

    @Override
    public void checkData(Map<String, Object> data) {
        MIX.check(data);
    }

    static String request(String wording, Topic topic) {
        return wording.replace("{task}", topic.task()).replace("{Task}", capital(topic.task()));
    }

    private static List<String> steps(String field) {
        return List.of(field.split("\\s+;\\s+"));
    }

    private static String capital(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
