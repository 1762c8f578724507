package dev.probation.agent;

/** A simulator reply that is not a usable answer; the agent gets a tool error and the failure is counted. */
final class SimulatorFailure extends RuntimeException {

    SimulatorFailure(String message) {
        super(message);
    }
}
