package dev.probation.run;

/** The audit stopped early because no further call could succeed; the run log keeps what finished. */
public final class AuditAbortedException extends RuntimeException {

    public AuditAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
