package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import java.util.Set;

/** A language's constant evaluation, which its {@link Rules} answer with: {@link JavaConstants}, {@link ScriptConstants}. */
interface ConstantFolding {

    /** The children of the node that never run, because the code fixes its condition. */
    Set<Node> dead(Node node, Scope scope);

    /** The node's value (a string, a whole number, a boolean), or null when unknown. */
    Object constant(Node node, Scope scope);
}
