package dev.probation.cli;

/** A problem with what the user asked for; the command exits with {@link ExitCodes#USAGE}. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
