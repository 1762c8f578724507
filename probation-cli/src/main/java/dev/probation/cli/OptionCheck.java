package dev.probation.cli;

/** Checks of option values; each failure names the one option at fault and the value it was given. */
final class OptionCheck {

    private OptionCheck() {}

    static void atLeast(String option, Number value, long minimum) {
        if (value != null && value.doubleValue() < minimum) {
            throw new UsageException(option + " must be at least " + minimum + ", was " + shown(value));
        }
    }

    static void notNegative(String option, Number value) {
        if (value != null && !(value.doubleValue() >= 0)) {
            throw new UsageException(option + " must not be negative, was " + shown(value));
        }
    }

    /** A share: 0..1, both ends included. */
    static void share(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new UsageException(option + " must lie within 0..1, was " + shown(value));
        }
    }

    /** A significance level: strictly between 0 and 1. */
    static void level(String option, double value) {
        if (!(value > 0 && value < 1)) {
            throw new UsageException(option + " must lie strictly between 0 and 1, was " + shown(value));
        }
    }

    private static String shown(Number value) {
        return value instanceof Double || value instanceof Float ? Console.plain(value.doubleValue()) : value.toString();
    }
}
