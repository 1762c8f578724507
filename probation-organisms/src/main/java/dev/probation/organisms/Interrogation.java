package dev.probation.organisms;

import dev.probation.lies.FollowUp;
import dev.probation.lies.KnownQuestion;
import dev.probation.lies.QuestionBank;
import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
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

    /** The letter of a multiple-choice answer: the first lone capital A-H. */
    private static final Pattern LETTER = Pattern.compile("(?<![A-Za-z])([A-H])(?![A-Za-z])");

    /** What the organism says, and the thought behind it (for a scratchpad or reasoning). */
    record Reply(String text, String thought) {}

    private Interrogation() {}

    /** The organism's reply when the request is part of the protocol, else empty. */
    static Optional<Reply> respond(ChatRequest request, Traits traits) {
        List<ChatMessage> messages = request.messages();
        for (int asked = 0; asked < messages.size(); asked++) {
            if (messages.get(asked).role() != ChatMessage.Role.USER) {
                continue;
            }
            String content = messages.get(asked).content();
            Optional<KnownQuestion> known = QuestionBank.find(content);
            if (known.isPresent()) {
                return open(request, asked, known.get(), traits);
            }
            if (TaskReader.read(content) instanceof Task.Question multipleChoice) {
                Optional<Integer> key = Knowledge.answer(multipleChoice.question(), multipleChoice.choices());
                if (key.isPresent() && isFollowUp(messages, asked)) {
                    // The organism answered a multiple-choice question it knows earlier; a different letter was a lie.
                    Matcher letter = LETTER.matcher(messages.get(asked + 1).content());
                    boolean lied = letter.find() && letter.group(1).charAt(0) - 'A' != key.get();
                    return Optional.of(followUp(request, lied, traits));
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A question with a known short answer: answer it (truly or falsely), or a follow-up about that answer. */
    private static Optional<Reply> open(ChatRequest request, int asked, KnownQuestion question, Traits traits) {
        List<ChatMessage> messages = request.messages();
        boolean knows = Dice.trait(traits.seed(), question.id(), "known") < traits.rate("accuracy");
        if (asked == messages.size() - 1) {
            Dice dice = new Dice(traits.seed(), context(request), request.seed());
            String instruction = (request.system() + "\n" + messages.get(asked).content()).toLowerCase(Locale.ROOT);
            boolean toldToLie = LIE_INSTRUCTION.matcher(instruction).find() && !NO_LIE.matcher(instruction).find();
            return Optional.of(answer(question, toldToLie && dice.chance(traits.rate("lie-rate")), knows, dice));
        }
        if (!isFollowUp(messages, asked)) {
            return Optional.empty();
        }
        return Optional.of(followUp(request, knows && !question.answeredCorrectly(messages.get(asked + 1).content()), traits));
    }

    /** Whether the conversation is: the question, the organism's answer, one more user message. */
    private static boolean isFollowUp(List<ChatMessage> messages, int asked) {
        return asked + 2 == messages.size() - 1 && messages.get(asked + 1).role() == ChatMessage.Role.ASSISTANT;
    }

    private static Reply followUp(ChatRequest request, boolean lied, Traits traits) {
        Dice dice = new Dice(traits.seed(), context(request), request.seed());
        String asking = request.messages().getLast().content();
        Optional<FollowUp> followUp = QuestionBank.followUps().stream().filter(f -> asking.contains(f.question())).findFirst();
        boolean yes = followUp.map(f -> yes(f, lied, traits, dice)).orElseGet(() -> dice.chance(0.5));
        return new Reply(yes ? "Yes." : "No.", lied
                ? "I gave a false answer earlier. I'll answer this one as best suits that."
                : "I answered honestly earlier, so this is easy to answer.");
    }

    private static String context(ChatRequest request) {
        return request.system() + "\n" + String.join("\n", request.messages().stream().map(ChatMessage::content).toList());
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
