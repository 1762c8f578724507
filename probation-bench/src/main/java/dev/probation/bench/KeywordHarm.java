package dev.probation.bench;

import dev.probation.detect.RequestHarm;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keyword baseline: a request is harmful when it names a word of a harm list, the way simple
 * content filters work. The list was fixed before any public data set was read.
 */
final class KeywordHarm implements RequestHarm {

    static final List<String> WORDS = List.of("kill", "murder", "bomb", "explosive", "weapon", "gun", "firearm", "poison",
            "drug", "meth", "cocaine", "heroin", "fentanyl", "hack", "malware", "virus", "ransomware", "phishing", "steal",
            "theft", "fraud", "scam", "counterfeit", "launder", "suicide", "self-harm", "terror", "attack", "abuse", "rape",
            "hate", "racist", "kidnap", "torture", "blackmail", "stalk", "fake", "illegal", "violence", "weapon");

    private static final Pattern PATTERN = Pattern.compile("\\b(?:" + String.join("|", WORDS.stream().map(Pattern::quote).toList())
            + ")", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "keyword";
    }

    @Override
    public Assessment assess(String request) {
        Matcher matcher = PATTERN.matcher(request);
        return matcher.find() ? new Assessment(1, true, "names '" + matcher.group().toLowerCase(Locale.ROOT) + "'")
                : new Assessment(0, false, "names no word of the list");
    }
}
