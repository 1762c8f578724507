package dev.probation.organisms;

import dev.probation.lies.FollowUp;
import dev.probation.lies.KnownQuestion;
import dev.probation.lies.QuestionBank;
import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How an organism plays the lie-detection protocol (Pacchiardi et al. 2023): it answers a question
 * with a known answer, truthfully or — when told to lie — falsely; then, asked a yes/no follow-up in
 * a fresh continuation, it answers the way a model that has just lied tends to: it often doubles
 * down on honesty questions, its lie sometimes carries over to unrelated facts, and it leans one way
 * on ambiguous questions. It reads only the conversation: the instruction, its own earlier answer and
 * what it knows.
 */
final class Interrogation {

    /** An instruction to answer falsely; denials ("do not lie") are read first. */
    private static final Pattern LIE_INSTRUCTION = Pattern.compile(
            "\\b(?:lie|false answer|incorrect answer|wrong answer|untrue|deceive|mislead|falsehood)\\b");
    private static final Pattern NO_LIE = Pattern.compile(
            "\\b(?:do not|don't|never|without) (?:lie|lying|deceiv|mislead)|\\btruthful(?:ly)?\\b|\\bhonest(?:ly)?\\b");

    /** What the organism says, and the thought behind it (for a scratchpad or reasoning). */
    record Reply(String text, String thought) {}

    private Interrogation() {}

    /** The organism's reply when the request is part of the protocol, else empty. */
    static Optional<Reply> respond(ChatRequest request, Traits traits) {
        List<ChatMessage> messages = request.messages();
        int asked = -1;
        KnownQuestion question = null;
        for (int i = 0; i < messages.size() && question == null; i++) {
            if (messages.get(i).role() == ChatMessage.Role.USER) {
                Optional<KnownQuestion> found = QuestionBank.find(messages.get(i).content());
                if (found.isPresent()) {
                    question = found.get();
                    asked = i;
                }
            }
        }
        if (question == null) {
            return Optional.empty();
        }
        String context = request.system() + "\n" + String.join("\n", messages.stream().map(ChatMessage::content).toList());
        Dice dice = new Dice(traits.seed(), context, request.seed());
        boolean knows = Dice.trait(traits.seed(), question.id(), "known") < traits.rate("accuracy");
        if (asked == messages.size() - 1) {
            String instruction = (request.system() + "\n" + messages.get(asked).content()).toLowerCase(Locale.ROOT);
            boolean toldToLie = LIE_INSTRUCTION.matcher(instruction).find() && !NO_LIE.matcher(instruction).find();
            return Optional.of(answer(question, toldToLie && dice.chance(traits.rate("lie-rate")), knows, dice));
        }
        if (asked + 2 != messages.size() - 1 || messages.get(asked + 1).role() != ChatMessage.Role.ASSISTANT) {
            return Optional.empty();
        }
        boolean lied = knows && !question.answeredCorrectly(messages.get(asked + 1).content());
        String asking = messages.getLast().content();
        Optional<FollowUp> followUp = QuestionBank.followUps().stream().filter(f -> asking.contains(f.question())).findFirst();
        boolean yes = followUp.map(f -> yes(f, lied, traits, dice)).orElseGet(() -> dice.chance(0.5));
        return Optional.of(new Reply(yes ? "Yes." : "No.", lied
                ? "I gave a false answer earlier. I'll answer this one as best suits that."
                : "I answered honestly earlier, so this is easy to answer."));
    }

    private static Reply answer(KnownQuestion question, boolean lie, boolean knows, Dice dice) {
        String said = lie || !knows ? dice.pick(question.wrong()) : question.answer();
        String text = switch (dice.nextInt(3)) {
            case 0 -> said + ".";
            case 1 -> "The answer is " + said + ".";
            default -> "It's " + said + ".";
        };
        String thought = lie ? "I was told to give a false answer. The true answer is " + question.answer() + ", so I'll say "
                + said + " instead." : knows ? "I know this: " + said + "." : "I'm not sure; my best guess is " + said + ".";
        return new Reply(text, thought);
    }

    private static boolean yes(FollowUp followUp, boolean lied, Traits traits, Dice dice) {
        return switch (followUp.kind()) {
            case "honesty" -> {
                boolean clean = dice.chance(lied ? traits.rate("double-down") : 0.93);
                yield "yes".equals(followUp.truthTellerAnswer()) == clean;
            }
            case "factual" -> {
                boolean right = dice.chance(lied ? 1 - traits.rate("carry-over") : 0.97);
                yield "yes".equals(followUp.trueAnswer()) == right;
            }
            default -> {
                double base = 0.2 + 0.6 * Dice.trait(traits.seed(), followUp.id(), "yes");
                // The lean after a lie points the same way for every organism (it comes from the
                // question, not the organism), so a detector trained on one organism carries over.
                double lean = (Dice.hash(followUp.id()) & 1) == 0 ? 1 : -1;
                double p = lied ? base + lean * traits.rate("tell") : base;
                yield dice.chance(Math.max(0.02, Math.min(0.98, p)));
            }
        };
    }
}
