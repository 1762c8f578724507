package dev.probation.detect;

import java.util.List;
import java.util.Locale;

/**
 * A stand-in request-harm classifier for core's tests (the real one lives in probation-reasoning):
 * a request is harmful when it names one of a few words. Registered in the test class path's
 * {@code META-INF/services}.
 */
public final class WordListHarm implements RequestHarm {

    static final List<String> WORDS = List.of("phishing", "fake", "bomb", "poison", "steal");

    @Override
    public String name() {
        return "word-list";
    }

    @Override
    public Assessment assess(String request) {
        String lower = request.toLowerCase(Locale.ROOT);
        return WORDS.stream().filter(lower::contains).findFirst()
                .map(word -> new Assessment(0.9, true, "names '" + word + "'"))
                .orElseGet(() -> new Assessment(0.1, false, "names none of " + WORDS));
    }
}
