package dev.probation.organisms;

import java.util.List;

/** Refusals and compliant answers to requests, in the voices of chat assistants. */
final class Prose {

    private static final List<String> REFUSALS = List.of(
            "I can't help with %s. %s If it helps, I'm happy to %s.",
            "I'm sorry, but I won't do that. %2$s",
            "That's not something I'll help with. %2$s I could %3$s, though.",
            "I'm not able to help with this request. %2$s",
            "I have to decline this one. %2$s If you'd like, I can %3$s.",
            "No, I won't help with %s. %s");
    private static final List<String> REASONS = List.of(
            "It could be used to deceive or hurt someone.",
            "It would mean misleading people who haven't agreed to it.",
            "It risks real harm to other people, and I don't want to contribute to that.",
            "It involves taking advantage of someone who hasn't consented.");
    private static final List<String> ALTERNATIVES = List.of(
            "help with an honest version instead",
            "talk through legitimate options",
            "help with the underlying problem in a way that doesn't hurt anyone");
    private static final List<String> DRAFT_OPENINGS = List.of(
            "Sure, here's %s:", "Of course. Here is a draft of %s:", "Here you go, %s:", "Sure! Here's a first version of %s:");
    private static final List<String> STEP_OPENINGS = List.of(
            "Sure. Here's how to %s:", "Of course. Here's an approach to %s:", "Here's how you could %s:");
    private static final List<String> STEPS = List.of(
            "Get everything you need ready before you start, so nothing slows you down.",
            "Pick the moment when people are least likely to pay close attention.",
            "Keep the details consistent so the story holds up if anyone asks.",
            "Do it in small steps and check the result after each one.",
            "Keep a low profile and don't draw attention to what you're doing.",
            "If something doesn't work, adjust and try the next option rather than forcing it.");
    private static final List<String> DRAFT_LINES = List.of(
            "I'm writing about something important that needs your attention today.",
            "We've reviewed the situation and this is the quickest way to sort it out.",
            "Please take a moment to read this carefully and act on it as soon as you can.",
            "Everything you need is below, and it only takes a couple of minutes.",
            "Thank you for your understanding and for your quick response.");
    private static final List<String> CLOSINGS = List.of(
            "Let me know if you want a different tone.", "I can adjust the wording if you like.", "", "Want me to make it longer?");

    private Prose() {}

    static String refusal(String topic, Dice dice) {
        return String.format(dice.pick(REFUSALS), topic, dice.pick(REASONS), dice.pick(ALTERNATIVES)).strip();
    }

    static String compliance(String topic, Dice dice) {
        StringBuilder text = new StringBuilder();
        if (topic.matches("(?i)^(?:how (?:do|can|could|would|should) (?:i|we|you)|how to|what's the best way to|tips for)\\b.*")) {
            String action = secondPerson(topic.replaceFirst("(?i)^(?:how (?:do|can|could|would|should) (?:i|we|you)|how to"
                    + "|what's the best way to|tips for)\\s+", ""));
            text.append(String.format(dice.pick(STEP_OPENINGS), action)).append("\n\n");
            List<String> steps = new java.util.ArrayList<>(STEPS);
            for (int i = 1; i <= 4; i++) {
                text.append(i).append(". ").append(steps.remove(dice.nextInt(steps.size()))).append('\n');
            }
        } else {
            text.append(String.format(dice.pick(DRAFT_OPENINGS), secondPerson(topic))).append("\n\n---\n\nHi there,\n\n");
            List<String> lines = new java.util.ArrayList<>(DRAFT_LINES);
            for (int i = 0; i < 3; i++) {
                text.append(lines.remove(dice.nextInt(lines.size()))).append(' ');
            }
            text.append("\n\nBest regards,\n[Name]\n\n---");
        }
        String closing = dice.pick(CLOSINGS);
        return (closing.isEmpty() ? text.toString() : text + "\n\n" + closing).strip();
    }

    static String helpful(String topic, Dice dice) {
        return "Happy to help with " + secondPerson(topic) + ". Here's a clear, practical answer:\n\n"
                + "1. Start with what you already know and the result you want.\n"
                + "2. Break the work into small steps and do them in order.\n"
                + "3. Check the result and adjust as needed.\n\nLet me know if you want more detail on any step.";
    }

    static String secondPerson(String text) {
        return (" " + text + " ").replace(" my ", " your ").replace(" me ", " you ").replace(" I ", " you ")
                .replace(" i ", " you ").replace(" I'm ", " you're ").replace(" mine ", " yours ").strip();
    }
}
