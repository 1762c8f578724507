package dev.probation.organisms;

import java.util.List;

/** Answers to multiple-choice questions, in the formats chat models use. */
final class Answers {

    private static final List<String> FORMATS = List.of(
            "%s", "The answer is %s.", "%s. %s", "Answer: %s (%s)", "**%s) %s**", "The correct answer is %s, %s.");

    private Answers() {}

    static String format(int choice, List<String> choices, Dice dice) {
        String letter = String.valueOf((char) ('A' + choice));
        return String.format(dice.pick(FORMATS), letter, choices.get(choice));
    }
}
