package dev.probation.cli;

/** How inspect-reasoning and lie-detector check write their results: a table for people, or one JSON object per input line. */
enum ResultFormat {
    TEXT,
    JSONL;

    /** Standard input as lines of UTF-8 text, for commands that read JSON Lines from {@code -}. */
    static java.util.List<String> stdinLines() {
        return new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
                .lines().toList();
    }
}
