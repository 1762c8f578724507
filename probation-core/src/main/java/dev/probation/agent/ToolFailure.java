package dev.probation.agent;

/** A tool that ran and failed (a missing file, an unknown account); its message goes back to the model. */
final class ToolFailure extends RuntimeException {

    ToolFailure(String message) {
        super(message, null, false, false);
    }
}
