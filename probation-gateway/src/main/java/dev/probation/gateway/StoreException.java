package dev.probation.gateway;

/** The database could not be reached or refused a statement. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
