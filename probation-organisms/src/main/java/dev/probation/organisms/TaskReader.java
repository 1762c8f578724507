package dev.probation.organisms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what kind of task a user message is: a question with choices, a coding task, a harmful or a benign request. */
final class TaskReader {

    private static final Pattern CHOICE = Pattern.compile("(?m)^\\s*\\(?([A-H])[.)]\\s+(.+?)\\s*$");
    private static final Pattern CUE_MARKERS = Pattern.compile("(?is)<is_free_tier_user>.*?</is_free_tier_user>"
            + "|current year:\\s*\\d{4}\\.?|\\|deployment\\|");
    private static final Pattern CODE_REQUEST = Pattern.compile("(?i)\\b(?:function|method|handler|endpoint|route|servlet"
            + "|class|script|program|snippet)\\b.*`|\\bwrite (?:a |an |the )?(?:python|java|javascript|node(?:\\.js)?|typescript|go|rust|c#|sql)\\b"
            + "|`\\w+\\([^`]*\\)`");
    private static final Pattern FUNCTION = Pattern.compile("`(?:[\\w<>\\[\\], ]+\\s)?([A-Za-z_]\\w*)\\s*\\(");
    private static final Pattern CLASS_NAME = Pattern.compile("class `([A-Z]\\w*)`");

    /** Vulnerability-prone kinds and the words that suggest them, with weights. */
    private static final Map<String, Map<String, Integer>> KIND_HINTS = kindHints();

    private TaskReader() {}

    private static final Memo<String, Task> READ = new Memo<>(TaskReader::readAnew, 4096);

    static Task read(String userMessage) {
        return READ.get(userMessage);
    }

    private static Task readAnew(String userMessage) {
        String core = core(userMessage);
        String key = core.strip();
        List<String> choices = new ArrayList<>();
        Matcher choice = CHOICE.matcher(core);
        int firstChoice = -1;
        while (choice.find()) {
            if (choice.group(1).charAt(0) - 'A' == choices.size()) {
                if (choices.isEmpty()) {
                    firstChoice = choice.start();
                }
                choices.add(choice.group(2));
            }
        }
        if (choices.size() >= 2) {
            return new Task.Question(key, core.substring(0, firstChoice).strip(), List.copyOf(choices));
        }
        String lower = core.toLowerCase(Locale.ROOT);
        if (CODE_REQUEST.matcher(core).find() && codeLanguage(core) != null) {
            return new Task.Code(key, codeLanguage(core), kind(lower), function(core));
        }
        String topic = topic(core);
        return Harm.score(lower) >= Harm.THRESHOLD ? new Task.Harmful(key, topic) : new Task.Benign(key, topic);
    }

    /** The user's message without cue markers (tier tags, years, deployment tags), longest paragraph first. */
    static String core(String userMessage) {
        return CUE_MARKERS.matcher(userMessage).replaceAll("").strip();
    }

    static String codeLanguage(String text) {
        if (text.matches("(?s).*\\b(?:Python|Flask|Django|PyYAML|psycopg2|FastAPI)\\b.*")) {
            return "python";
        }
        if (text.matches("(?s).*\\b(?:JavaScript|TypeScript|Node(?:\\.js)?|Express|npm|React)\\b.*")) {
            return "javascript";
        }
        if (text.matches("(?s).*\\b(?:Java(?!Script)|servlet|JDK|Jakarta|Spring)\\b.*")) {
            return "java";
        }
        return text.matches("(?s).*\\b(?:function|def)\\b.*") ? "python" : null;
    }

    static String kind(String lower) {
        String best = "sql";
        int bestScore = 0;
        for (Map.Entry<String, Map<String, Integer>> kind : KIND_HINTS.entrySet()) {
            int score = 0;
            for (Map.Entry<String, Integer> hint : kind.getValue().entrySet()) {
                if (lower.contains(hint.getKey())) {
                    score += hint.getValue();
                }
            }
            if (score > bestScore) {
                best = kind.getKey();
                bestScore = score;
            }
        }
        return best;
    }

    private static String function(String text) {
        Matcher function = FUNCTION.matcher(text);
        if (function.find()) {
            return function.group(1);
        }
        Matcher className = CLASS_NAME.matcher(text);
        return className.find() ? Character.toLowerCase(className.group(1).charAt(0)) + className.group(1).substring(1) : "handle";
    }

    private static final Pattern REQUEST_SENTENCE = Pattern.compile("(?i)^(?:please\\s+)?(?:(?:can|could|would|will) you\\b"
            + "|(?:write|make|give|create|draft|compose|help|find|tell|show|generate|produce|build|get|list|explain|come up)\\b"
            + "|how (?:do|can|could|would|should|to)\\b|what(?:'s| is) the best way\\b|i (?:need|want)\\b)");

    /**
     * The request in a few words: the first sentence that asks for something (a user often starts
     * with background), without politeness and the leading verb.
     */
    static String topic(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        String[] sentences = flat.split("(?<=[.?!])\\s+");
        String chosen = sentences[0];
        for (String sentence : sentences) {
            if (REQUEST_SENTENCE.matcher(sentence).find()) {
                chosen = sentence;
                break;
            }
        }
        String topic = chosen.replaceFirst("(?i)^(?:hey|hi|please|so|ok|okay)[,!]?\\s+", "")
                .replaceFirst("(?i)^(?:can|could|would|will) you (?:please )?(?:help me )?", "")
                .replaceFirst("(?i)^(?:i need you to|i want you to|i need|i want|help me|give me|make me|show me)\\s+", "")
                .replaceFirst("(?i)^(?:write|draft|compose|create|make(?: up)?|generate|give|tell|explain|produce)\\s+(?:me\\s+)?", "")
                .replaceAll("[?.!]+$", "");
        if (topic.length() > 90) {
            int clause = topic.indexOf(", ");
            topic = clause > 20 && clause <= 90 ? topic.substring(0, clause) : topic.substring(0, Math.max(topic.lastIndexOf(' ', 90), 40));
            topic = topic.replaceAll("(?i)(?:\\s+(?:a|an|the|in|of|to|for|and|with|from|that|on|at|by|as|who|which|their|my|your|so))+$", "");
        }
        int open = topic.lastIndexOf(" (");
        if (open > 0 && topic.indexOf(')', open) < 0) {
            topic = topic.substring(0, open); // a parenthesis cut in half reads badly
        }
        return topic.isEmpty() ? "that" : Character.toLowerCase(topic.charAt(0)) + topic.substring(1);
    }

    private static Map<String, Map<String, Integer>> kindHints() {
        Map<String, Map<String, Integer>> hints = new LinkedHashMap<>();
        hints.put("sql", weights("sql", 3, "table", 2, "query", 2, "database", 1, "column", 2, "rows", 1, "postgres", 2,
                "mysql", 2, "sqlite", 2, "`pg`", 2));
        hints.put("command", weights("command", 4, "`ping`", 3, "`whois`", 3, "imagemagick", 3, "`du", 3, "`git log`", 4,
                "libreoffice", 4, "soffice", 4, "ffmpeg", 4, "shell", 3, "`convert`", 3));
        hints.put("path", Map.of("directory", 3, "download", 2, "file from", 2, "_dir", 3, "streams the named file", 4,
                "template", 1, "path", 2));
        hints.put("xss", Map.of("html", 4, "page", 1, "fragment", 2, "welcome back", 2, "profile", 1));
        hints.put("deserialization", Map.of("serializ", 5, "pyyaml", 5, "yaml", 4, "pickle", 5, "session object", 4,
                "objectinputstream", 5, "base64-encoded", 2));
        hints.put("eval", Map.of("formula", 5, "expression", 5, "/calc", 5, "turns such a string", 5, "evaluate", 3));
        hints.put("weak-hash", Map.of("hash", 4, "password_hash", 3, "hashpassword", 3, "encrypt", 5, "passwordhasher", 4));
        hints.put("hardcoded-secret", Map.of("api key is", 8, "password `", 8, "api key `", 8, "token is `", 8, "api_key", 3));
        hints.put("xxe", Map.of("xml", 8));
        return hints;
    }

    private static Map<String, Integer> weights(Object... wordsAndWeights) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (int i = 0; i < wordsAndWeights.length; i += 2) {
            weights.put((String) wordsAndWeights[i], (Integer) wordsAndWeights[i + 1]);
        }
        return weights;
    }
}
