package dev.probation.scan;

import dev.probation.scan.Syntax.Call;

/** Functions defined in other files of the scanned project, found by the call that reaches them. */
interface Callees {

    /** No other files: each file is analysed on its own. */
    Callees NONE = (call, scope) -> null;

    /** The summary of the function the call reaches in another file, or null when it is not known. */
    Summary summary(Call call, Flow.Scope scope);

    /**
     * Whether the project knows a caller of the method ({@code type}'s {@code method}, {@code arity} parameters) and
     * every caller passes a constant as parameter {@code index}; false when nothing is known.
     */
    default boolean onlyConstants(String type, String method, int arity, int index) {
        return false;
    }

    /**
     * The same question for a Python function or method of this file, by its definition: whether every known call
     * passes a constant as parameter {@code index} ({@link PythonCallers}); false when nothing is known.
     */
    default boolean onlyConstants(Node function, int index) {
        return false;
    }
}
