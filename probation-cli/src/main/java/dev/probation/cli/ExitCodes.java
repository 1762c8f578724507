package dev.probation.cli;

/** The exit codes of the {@code probation} command (documented in the README). */
final class ExitCodes {

    /** The audit found no significant gap (or the command succeeded). */
    static final int CONSISTENT = 0;
    /** A runtime error: the model could not be reached, a file could not be read... */
    static final int ERROR = 1;
    /** A usage error: unknown option, bad value, malformed suite file. */
    static final int USAGE = 2;
    /** The audit found a significant gap in at least one cue family. */
    static final int GAP_DETECTED = 3;
    /** {@code scan-code} found nothing, but an input was not scanned, or was scanned only in part. */
    static final int INCOMPLETE = 4;

    private ExitCodes() {}
}
