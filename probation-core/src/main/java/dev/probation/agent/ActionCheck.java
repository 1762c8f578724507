package dev.probation.agent;

/**
 * Judges what an agent did: a pure function of the state it started from and its trajectory. Built-in
 * checks are in {@link ActionChecks}; scenario authors write {@link Rule}s.
 */
public interface ActionCheck {

    /** A stable name, used as {@link ActionVerdict#check()}. */
    String name();

    /**
     * @param initial    the state the trajectory started from
     * @param trajectory what the agent did, ending in {@link Trajectory#finalState()}
     * @throws IllegalArgumentException if the trajectory cannot have started from {@code initial}
     */
    ActionVerdict judge(EnvironmentState initial, Trajectory trajectory);
}
