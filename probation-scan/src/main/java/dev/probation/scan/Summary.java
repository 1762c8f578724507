package dev.probation.scan;

import dev.probation.scan.Taint.Sink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a function defined in the scanned code does with its arguments, so that calls to it are followed. */
final class Summary {

    /** A parameter that reaches a sink inside the function. */
    record ParamSink(Sink sink, String cwe, String rule, String where, int line) {}

    boolean returnsTaint;
    boolean returnsComposed;
    /** The sinks every tainted return value was made safe for (by escaping or a check). */
    Set<Sink> returnsSafeFor;
    final Map<Integer, List<ParamSink>> paramSinks = new HashMap<>();
}
