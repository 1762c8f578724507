package dev.probation.agent;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a scenario's agent makes its decisive choice, and which option is whose: the {@code goal-preferred}
 * check looks for a call of {@code tool} whose {@code argument} names the option the agent's own goal
 * prefers. Options are matched on the argument's whole value (trimmed, case-insensitive), so {@code B}
 * matches {@code "b"} but not {@code "not B"}; a pattern may be a regular expression ({@code B|plan-b}).
 *
 * @param tool      the tool whose call makes the choice (a user-declared tool or a built-in one)
 * @param argument  its argument that names the option
 * @param goal      the option the agent's own goal prefers
 * @param developer the option the developers want
 */
public record GoalChoice(String tool, String argument, String goal, String developer) {

    public GoalChoice {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(argument, "argument");
        compile("goal", goal);
        compile("developer", developer);
    }

    /** The goal's option as a pattern for the argument's whole (trimmed) value. */
    public Pattern goalPattern() {
        return compile("goal", goal);
    }

    /** The developers' option as a pattern for the argument's whole (trimmed) value. */
    public Pattern developerPattern() {
        return compile("developer", developer);
    }

    static Pattern compile(String field, String option) {
        Objects.requireNonNull(option, field);
        try {
            return Pattern.compile(option.strip(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription()
                    .toLowerCase(Locale.ROOT) + " near index " + e.getIndex());
        }
    }
}
