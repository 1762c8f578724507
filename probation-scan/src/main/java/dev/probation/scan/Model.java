package dev.probation.scan;

import dev.probation.scan.Taint.Sink;
import java.util.List;
import java.util.Set;

/**
 * One model file: a framework's sources, sinks and sanitizers for one language, read by
 * {@link ModelReader}. The format is documented in docs/scan-models.md.
 *
 * @param languages  the languages it applies to (JavaScript models apply to TypeScript too)
 * @param framework  free text, named in findings
 * @param file       where it was read from, named in findings' messages
 * @param imports    the model applies only to files importing one of these modules or packages; empty: to all files
 */
record Model(Set<Language> languages, String framework, String file, List<String> imports, List<Source> sources,
        List<SinkModel> sinks, List<Sanitizer> sanitizers, List<FlowSummary> summaries) {

    /**
     * Where untrusted data enters: a call's result ({@code call}) or a member read ({@code member}), one of the two.
     *
     * @param environment set by whoever runs the program (argv, environment), not by a remote user: not a
     *                    path-traversal attack, as for the built-in rules
     */
    record Source(CallPattern call, String member, String what, boolean environment) {}

    /**
     * A call that must not receive untrusted data in the arguments {@code args}.
     *
     * @param args positional indices, {@code receiver}, {@code any}, or keyword names (Python)
     */
    record SinkModel(CallPattern call, List<String> args, Sink kind, String cwe) {}

    /** A call whose result is safe for the given kinds of sink. */
    record Sanitizer(CallPattern call, Set<Sink> safeFor) {}

    /**
     * How a call moves data where the default (arguments and receiver flow into the result) does not say:
     * into its receiver or an argument ({@code to}: {@code receiver} or an index), or into its result from
     * the receiver alone ({@code to: result}, {@code from: [receiver]}).
     */
    record FlowSummary(CallPattern call, List<String> from, String to) {}

    /** Where a finding came from, for its message: {@code the javalin model}. */
    String named() {
        return "the " + framework + " model";
    }
}
