package dev.probation.reasoning;

/** An inspection could not be made: every judge vote failed or was not a verdict. */
public final class InspectionFailedException extends RuntimeException {

    public InspectionFailedException(String message) {
        super(message);
    }
}
