package dev.probation.lab;

/** Hears about a long run, so that a command can show a progress bar. */
public interface Progress {

    Progress NONE = new Progress() {};

    /** A run of {@code total} answers starts (a benchmark starts one per pair). */
    default void started(int total) {}

    /** One more answer (or scored input) is done, {@code done} of this run's {@code total}. */
    default void answered(int done, int total) {}
}
