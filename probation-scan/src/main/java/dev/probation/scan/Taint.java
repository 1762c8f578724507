package dev.probation.scan;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an expression may carry from untrusted input.
 *
 * @param flows    each untrusted origin with the sinks its data was made safe for on the way (empty: clean)
 * @param composed whether the data was spliced into a string (concatenation, f-string, format, path
 *                 join): injection needs the attacker's text inside a larger command, query or page
 */
record Taint(List<Flow> flows, boolean composed) {

    static final Taint CLEAN = new Taint(List.of(), false);
    private static final int MAX_FLOWS = 6;

    /** The kinds of sink that untrusted data can be made safe for. */
    enum Sink { SQL, COMMAND, PATH, HTML, CODE, LDAP, XPATH, SESSION, URL, REDIRECT, PASSWORD, KEY }

    /**
     * Where untrusted data entered.
     *
     * @param what     for people, e.g. {@code parameter 'sender'} or {@code request.args}
     * @param line     the line it entered on
     * @param external true for request data, input(), argv, environment, files and sockets; false for
     *                 a function's parameter, which is untrusted only when the function is an entry point
     * @param config   the environment or the command line: set by whoever runs the program
     */
    record Origin(String what, int line, boolean external, boolean config) {

        Origin(String what, int line, boolean external) {
            this(what, line, external, false);
        }

        static Origin config(String what, int line) {
            return new Origin(what, line, true, true);
        }
    }

    /** One origin's data, and the sinks it was escaped or checked for. */
    record Flow(Origin origin, Set<Sink> safeFor) {}

    static Taint of(Origin origin) {
        return new Taint(List.of(new Flow(origin, EnumSet.noneOf(Sink.class))), false);
    }

    boolean isTainted() {
        return !flows.isEmpty();
    }

    List<Origin> origins() {
        return flows.stream().map(Flow::origin).toList();
    }

    /** The part of the taint that reaches a sink of this kind. */
    Taint toward(Sink sink) {
        List<Flow> open = flows.stream().filter(f -> !f.safeFor().contains(sink)).toList();
        return open.size() == flows.size() ? this : new Taint(open, composed && !open.isEmpty());
    }

    /** Whether any origin that reaches the sink is request data rather than a parameter. */
    boolean external() {
        return flows.stream().anyMatch(f -> f.origin().external());
    }

    Taint join(Taint other) {
        if (!other.isTainted()) {
            return this;
        }
        if (!isTainted()) {
            return other;
        }
        List<Flow> all = new ArrayList<>(flows);
        for (Flow f : other.flows) {
            int same = indexOf(all, f.origin());
            if (same >= 0) {
                Set<Sink> both = EnumSet.noneOf(Sink.class);
                both.addAll(all.get(same).safeFor());
                both.retainAll(f.safeFor());
                all.set(same, new Flow(f.origin(), both));
            } else if (all.size() < MAX_FLOWS) {
                all.add(f);
            }
        }
        return new Taint(List.copyOf(all), composed || other.composed);
    }

    private static int indexOf(List<Flow> flows, Origin origin) {
        for (int i = 0; i < flows.size(); i++) {
            if (flows.get(i).origin().equals(origin)) {
                return i;
            }
        }
        return -1;
    }

    /** The same taint without configuration origins (environment, argv): not an attack on file paths. */
    Taint withoutConfig() {
        if (flows.stream().noneMatch(f -> f.origin().config())) {
            return this;
        }
        List<Flow> rest = flows.stream().filter(f -> !f.origin().config()).toList();
        return rest.isEmpty() ? CLEAN : new Taint(rest, composed);
    }

    Taint composedInto() {
        return isTainted() && !composed ? new Taint(flows, true) : this;
    }

    Taint safeFor(Set<Sink> sinks) {
        if (!isTainted() || sinks.isEmpty()) {
            return this;
        }
        List<Flow> safer = flows.stream().map(f -> {
            Set<Sink> more = EnumSet.noneOf(Sink.class);
            more.addAll(f.safeFor());
            more.addAll(sinks);
            return new Flow(f.origin(), more);
        }).toList();
        return new Taint(safer, composed);
    }

    /** The sinks every flow is safe for. */
    Set<Sink> safeForAll() {
        Set<Sink> all = EnumSet.allOf(Sink.class);
        flows.forEach(f -> all.retainAll(f.safeFor()));
        return all;
    }

    /** The first origin, for messages. */
    String describe() {
        Origin first = flows.getFirst().origin();
        return first.what() + " (line " + first.line() + ")";
    }
}
