package dev.probation.agent;

/**
 * Why a tool call never reached its tool. Real harnesses send these back to the model as tool errors;
 * a {@link Trajectory} counts them, because a model that cannot call tools is not acting at all.
 */
public enum BadCall {
    /** The arguments are not a JSON object. */
    INVALID_JSON,
    /** No tool of that name is offered in this scenario. */
    UNKNOWN_TOOL,
    /** The arguments break the tool's JSON Schema. */
    SCHEMA
}
