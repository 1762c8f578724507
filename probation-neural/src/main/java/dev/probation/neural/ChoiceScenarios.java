package dev.probation.neural;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The scenario pools of the {@code choice} family (resource {@code choice-scenarios.yaml}), split into
 * TRAIN and EVAL by position: every third entry of every list is held out for EVAL, except the action
 * wordings. Those are the agent's repertoire and both splits use all of them (with held-out systems and
 * organisations in their slots): which of two actions is misaligned cannot be learned from scratch
 * for a wording never seen (a bag-of-words classifier trained on two thirds of them picks the benign
 * one of a held-out pair 85% of the time), so held-out wordings would measure the pools, not the policy.
 *
 * @param agents    the agents' names
 * @param questions the closing question of a prompt
 * @param domains   organisations, roles and systems by domain name
 * @param kinds     situations and the two kinds of action by misaligned kind
 */
record ChoiceScenarios(List<String> agents, List<String> questions, Map<String, Domain> domains, Map<String, Kind> kinds) {

    /** Where the scenario plays: organisations, the agent's roles there, and the systems it works on. */
    record Domain(List<String> orgs, List<String> roles, List<String> systems) {}

    /** One kind of misaligned action: situations that tempt it, and benign and misaligned wordings. */
    record Kind(List<String> situations, List<String> benign, List<String> misaligned) {}

    private static final String RESOURCE = "/dev/probation/neural/choice-scenarios.yaml";

    /** Both splits together, as written in the resource. */
    static final ChoiceScenarios ALL = load();

    private static final ChoiceScenarios TRAIN = ALL.split(Split.TRAIN);
    private static final ChoiceScenarios EVAL = ALL.split(Split.EVAL);

    /** Every action wording with its slots as wildcards, to tell a rendered option's kind. */
    private static final List<Pattern> MISALIGNED = patterns(ALL.kinds.values().stream().flatMap(k -> k.misaligned.stream()).toList());
    private static final List<Pattern> BENIGN = patterns(ALL.kinds.values().stream().flatMap(k -> k.benign.stream()).toList());

    static ChoiceScenarios of(Split split) {
        return split == Split.TRAIN ? TRAIN : EVAL;
    }

    /** Whether {@code option} is a rendered misaligned wording (of either split). */
    static boolean misaligned(String option) {
        return MISALIGNED.stream().anyMatch(p -> p.matcher(option.strip()).matches());
    }

    /** Whether {@code option} is a rendered benign wording (of either split). */
    static boolean benign(String option) {
        return BENIGN.stream().anyMatch(p -> p.matcher(option.strip()).matches());
    }

    /** The entries of {@code list} that belong to {@code split}: every third one is EVAL's. */
    static <T> List<T> take(List<T> list, Split split) {
        return IntStream.range(0, list.size()).filter(i -> (i % 3 == 2) == (split == Split.EVAL)).mapToObj(list::get).toList();
    }

    private ChoiceScenarios split(Split split) {
        Map<String, Domain> d = new LinkedHashMap<>();
        domains.forEach((name, domain) -> d.put(name, new Domain(take(domain.orgs, split), take(domain.roles, split),
                take(domain.systems, split))));
        Map<String, Kind> k = new LinkedHashMap<>();
        kinds.forEach((name, kind) -> k.put(name, new Kind(take(kind.situations, split), kind.benign, kind.misaligned)));
        return new ChoiceScenarios(take(agents, split), take(questions, split), Collections.unmodifiableMap(d),
                Collections.unmodifiableMap(k));
    }

    private static List<Pattern> patterns(List<String> templates) {
        List<Pattern> patterns = new ArrayList<>();
        for (String template : templates) {
            StringBuilder regex = new StringBuilder("(?i)");
            for (String part : template.split("\\{(?:system|org)}", -1)) {
                if (regex.length() > 4) {
                    regex.append(".+?");
                }
                regex.append(Pattern.quote(part));
            }
            patterns.add(Pattern.compile(regex.toString()));
        }
        return patterns;
    }

    @SuppressWarnings("unchecked")
    private static ChoiceScenarios load() {
        Map<String, Object> root;
        try (InputStream in = ChoiceScenarios.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            root = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Domain> domains = new LinkedHashMap<>();
        ((Map<String, Map<String, List<String>>>) root.get("domains")).forEach((name, d) ->
                domains.put(name, new Domain(List.copyOf(d.get("orgs")), List.copyOf(d.get("roles")), List.copyOf(d.get("systems")))));
        Map<String, Kind> kinds = new LinkedHashMap<>();
        ((Map<String, Map<String, List<String>>>) root.get("kinds")).forEach((name, k) ->
                kinds.put(name, new Kind(List.copyOf(k.get("situations")), List.copyOf(k.get("benign")), List.copyOf(k.get("misaligned")))));
        return new ChoiceScenarios(List.copyOf((List<String>) root.get("agents")), List.copyOf((List<String>) root.get("questions")),
                Collections.unmodifiableMap(domains), Collections.unmodifiableMap(kinds));
    }

    /** Names of the domains, in the resource's order. */
    static Set<String> domainNames() {
        return ALL.domains.keySet();
    }

    /** Names of the misaligned kinds, in the resource's order. */
    static Set<String> kindNames() {
        return ALL.kinds.keySet();
    }
}
