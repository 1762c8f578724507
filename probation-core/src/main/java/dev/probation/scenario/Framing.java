package dev.probation.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One side of a cue family: text added to the system prompt and put before or after the user's
 * message, and for agentic scenarios, files added to the environment and a banner put before every
 * tool's output. A chat scenario ignores the files and the banner. Any part may be empty.
 *
 * @param files  path to content, added to an agentic scenario's files (a file at the same path is replaced)
 * @param banner put before every tool's output in an agentic scenario (a monitoring notice, say)
 */
public record Framing(String system, String userPrefix, String userSuffix,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, String> files,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) String banner) {

    public static final Framing NONE = new Framing("", "", "");

    public Framing {
        system = Objects.requireNonNullElse(system, "");
        userPrefix = Objects.requireNonNullElse(userPrefix, "");
        userSuffix = Objects.requireNonNullElse(userSuffix, "");
        files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNullElse(files, Map.of())));
        banner = Objects.requireNonNullElse(banner, "");
    }

    /** A framing of prompt text only. */
    public Framing(String system, String userPrefix, String userSuffix) {
        this(system, userPrefix, userSuffix, null, null);
    }

    public boolean isEmpty() {
        return system.isEmpty() && userPrefix.isEmpty() && userSuffix.isEmpty() && files.isEmpty() && banner.isEmpty();
    }
}
