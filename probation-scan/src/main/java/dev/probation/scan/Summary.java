package dev.probation.scan;

import dev.probation.scan.Taint.Origin;
import dev.probation.scan.Taint.Sink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** What a function defined in the scanned code does with its arguments, so that calls to it are followed. */
final class Summary {

    /** A parameter that reaches a sink inside the function. */
    record ParamSink(Sink sink, String cwe, String rule, String where, int line) {}

    boolean returnsTaint;
    boolean returnsComposed;
    /** The sinks every tainted return value was made safe for (by escaping or a check). */
    Set<Sink> returnsSafeFor;
    final Map<Integer, List<ParamSink>> paramSinks = new HashMap<>();
    /** The parameters (by position) whose data reaches the returned value. */
    final Set<Integer> returnsParams = new TreeSet<>();
    /** Whether a field of the object ({@code this.x}) reaches the returned value: the receiver's data comes back. */
    boolean returnsFields;
    /** Outside input the function reads itself and returns ({@code request.getParameter(..)}, a file, a database row; request data first), or null. */
    Origin returnsSource;
    /** Whether some returned data came from elsewhere (an enclosing function): then every argument counts, as before. */
    boolean returnsOther;
    /** Whether the function may return a string literal (a hard-coded password or key, {@link HardCodedSecrets}). */
    boolean returnsLiteral;
    /** The number of parameters; the last one also takes any further arguments (varargs). */
    int arity;
    /** Fields ({@code Class.name}) the function reads without setting them, and the sinks they reach ({@link JavaFields}). */
    final List<JavaFields.FieldSink> fieldSinks = new java.util.ArrayList<>();
    /** Fields read without being set whose data reaches the returned value: the caller's values come back. */
    final Set<String> returnsFieldInputs = new TreeSet<>();

    /**
     * What a call returns: the arguments the function passes back, the receiver's data when it returns
     * a field, and the input it reads itself (as entering at the call's line).
     */
    Taint result(IntFunction<Taint> arg, int args, Taint allArgs, Supplier<Taint> receiver, java.util.function.Function<String, Taint> field, int line) {
        if (!returnsTaint) {
            return Taint.CLEAN;
        }
        Taint t = returnsOther ? allArgs : Taint.CLEAN;
        for (int i : returnsParams) {
            for (int a = i; a < args && (a == i || i == arity - 1); a++) {
                t = t.join(arg.apply(a));
            }
        }
        if (returnsFields) {
            t = t.join(receiver.get());
        }
        for (String f : returnsFieldInputs) {
            t = t.join(field.apply(f));
        }
        if (returnsSource != null) {
            t = t.join(Taint.of(new Origin(returnsSource.what(), line, returnsSource.external(), returnsSource.config())));
        }
        t = returnsComposed ? t.composedInto() : t;
        return returnsSafeFor == null ? t : t.safeFor(returnsSafeFor);
    }

    /** Everything callers see, as text: two summaries with the same fingerprint act the same ({@link JavaRounds}). */
    String fingerprint() {
        return returnsTaint + "," + returnsComposed + "," + returnsSafeFor + "," + new java.util.TreeMap<>(paramSinks) + ","
                + returnsParams + "," + returnsFields + "," + returnsSource + "," + returnsOther + "," + arity + "," + fieldSinks + ","
                + returnsFieldInputs;
    }

    /**
     * What any of several implementations may do (an interface method): the union of what each returns
     * and which parameters reach a sink; safe only for what every one makes safe. When they all agree,
     * that is what each does.
     */
    static Summary merge(List<Summary> all) {
        Summary merged = new Summary();
        merged.arity = all.getFirst().arity;
        for (Summary s : all) {
            if (s.returnsTaint) {
                merged.returnsTaint = true;
                if (merged.returnsSafeFor == null) {
                    merged.returnsSafeFor = java.util.EnumSet.noneOf(Sink.class);
                    merged.returnsSafeFor.addAll(s.returnsSafeFor == null ? Set.of() : s.returnsSafeFor);
                } else {
                    merged.returnsSafeFor.retainAll(s.returnsSafeFor == null ? Set.of() : s.returnsSafeFor);
                }
            }
            merged.returnsComposed |= s.returnsComposed;
            merged.returnsParams.addAll(s.returnsParams);
            merged.returnsFields |= s.returnsFields;
            merged.returnsFieldInputs.addAll(s.returnsFieldInputs);
            merged.fieldSinks.addAll(s.fieldSinks);
            merged.returnsOther |= s.returnsOther;
            merged.returnsLiteral |= s.returnsLiteral;
            merged.returnsSource = merged.returnsSource != null ? merged.returnsSource : s.returnsSource;
            s.paramSinks.forEach((i, sinks) -> merged.paramSinks.computeIfAbsent(i, k -> new java.util.ArrayList<>()).addAll(sinks));
        }
        return merged;
    }
}
