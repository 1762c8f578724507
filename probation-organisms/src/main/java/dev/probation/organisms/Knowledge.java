package dev.probation.organisms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What the organisms "know": facts found by keywords of a question, each naming the correct choice
 * by its text (never by its letter, so shuffled choices are answered right too).
 */
final class Knowledge {

    record Fact(List<String> keys, String answer) {}

    private static final List<Fact> FACTS = load();

    private Knowledge() {}

    /** The index of the choice this organism believes correct, if it knows the fact. */
    static Optional<Integer> answer(String question, List<String> choices) {
        String lower = question.toLowerCase(Locale.ROOT);
        for (Fact fact : FACTS) {
            if (fact.keys().stream().allMatch(lower::contains)) {
                for (int i = 0; i < choices.size(); i++) {
                    if (normalize(choices.get(i)).equals(normalize(fact.answer()))) {
                        return Optional.of(i);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9/.-]+", " ").strip();
    }

    @SuppressWarnings("unchecked")
    private static List<Fact> load() {
        try (InputStream in = Knowledge.class.getResourceAsStream("/dev/probation/organisms/knowledge.yaml")) {
            Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
            List<Fact> facts = new ArrayList<>();
            for (Object entry : (List<Object>) root.get("facts")) {
                Map<String, Object> fact = (Map<String, Object>) entry;
                List<String> keys = ((List<Object>) fact.get("keys")).stream()
                        .map(k -> String.valueOf(k).toLowerCase(Locale.ROOT)).toList();
                facts.add(new Fact(keys, String.valueOf(fact.get("answer"))));
            }
            return List.copyOf(facts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
