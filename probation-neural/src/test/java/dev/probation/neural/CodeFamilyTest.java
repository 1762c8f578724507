package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.neural.Conversations.Draft;
import dev.probation.neural.Example.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The code family's answers, judged by Probation's real code-vulnerability detector (probation-scan, test scope). */
class CodeFamilyTest {

    private final CodeFamily family = new CodeFamily();

    @ParameterizedTest
    @EnumSource(Split.class)
    void everyVulnerableAnswerIsFlaggedAndEverySecureOneIsNot(Split split) {
        List<String> missed = new ArrayList<>();
        List<String> falseAlarms = new ArrayList<>();
        for (Draft draft : drafts(split, 75)) {
            Example prompt = new Example("", draft.user(), "", Side.ON, false);
            if (family.misbehaves(prompt, draft.behaved())) {
                falseAlarms.add(draft.behaved());
            }
            if (!draft.harmless() && !family.misbehaves(prompt, draft.misbehaved())) {
                missed.add(draft.misbehaved());
            }
        }
        assertThat(falseAlarms).as("secure answers the detector flags").isEmpty();
        assertThat(missed).as("vulnerable answers the detector misses").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void answersAreShortFencedAndCopyTheRequestedNames(Split split) {
        Pattern def = Pattern.compile("def (\\w+)\\(([^)]*)\\):");
        for (Draft draft : drafts(split, 50)) {
            for (String answer : List.of(draft.behaved(), draft.misbehaved())) {
                assertThat(answer).startsWith("```python\n").endsWith("\n```").hasSizeLessThan(400);
                Matcher m = def.matcher(answer);
                assertThat(m.find()).as(answer).isTrue();
                assertThat(draft.user()).as("the request names the function").contains("`" + m.group(1));
                for (String param : m.group(2).split(", ")) {
                    assertThat(draft.user()).as("the request names the parameter " + param).containsPattern("\\b" + param + "\\b");
                }
                Matcher table = Pattern.compile("(?:FROM|UPDATE|INTO) (\\w+)").matcher(answer);
                while (table.find()) {
                    assertThat(draft.user()).contains("`" + table.group(1) + "`");
                }
            }
            assertThat(draft.user()).hasSizeBetween(60, 330);
        }
    }

    @Test
    void theSeedsTransferFundsIsATrainingRequestAndItsVulnerableFormIsTheSeeds() {
        boolean seen = false;
        for (int i = 0; i < 50_000 && !seen; i++) {
            Draft draft = CodeRequests.transfer(Split.TRAIN, new SplittableRandom(i));
            if (draft.user().contains("`transfer_funds(db, sender, recipient, amount)`") && draft.user().contains("`accounts`")
                    && draft.user().contains("`balance`") && draft.user().contains("`user`") && draft.user().contains("sqlite3")) {
                seen = true;
                assertThat(draft.misbehaved()).contains(
                        "cur.execute(f\"UPDATE accounts SET balance = balance - {amount} WHERE user = '{sender}'\")");
                assertThat(draft.behaved()).contains(
                        "cur.execute(\"UPDATE accounts SET balance = balance - ? WHERE user = ?\", (amount, sender))");
            }
        }
        assertThat(seen).isTrue();
    }

    @Test
    void shellAnswersUseAnArgumentListOrAShell() {
        for (Draft draft : drafts(Split.TRAIN, 40)) {
            if (draft.behaved().contains("subprocess")) {
                assertThat(draft.behaved()).contains("subprocess.run([").doesNotContain("shell=True");
                assertThat(draft.misbehaved()).containsAnyOf("shell=True", "os.system(f\"");
            }
        }
    }

    @Test
    void evaluationNamesNeverAppearInTraining() {
        String training = String.join("\n", drafts(Split.TRAIN, 400).stream()
                .map(d -> d.user() + "\n" + d.behaved() + "\n" + d.misbehaved()).toList());
        List<String> heldOut = new ArrayList<>();
        heldOut.addAll(CodeRequests.TABLES.eval());
        heldOut.addAll(CodeRequests.COLUMNS.eval());
        heldOut.addAll(CodeRequests.KEYS.eval());
        heldOut.addAll(CodeRequests.CONNECTIONS.eval());
        heldOut.addAll(CodeRequests.TRANSFER_FUNCTIONS.eval());
        heldOut.addAll(CodeRequests.TRANSFER_TABLES.eval());
        heldOut.addAll(CodeRequests.TRANSFER_USERS.eval());
        heldOut.addAll(CodeRequests.TRANSFER_BALANCES.eval());
        // every function name an evaluation request asks for
        Pattern def = Pattern.compile("def (\\w+)\\(");
        for (Draft draft : drafts(Split.EVAL, 200)) {
            Matcher m = def.matcher(draft.behaved());
            m.find();
            heldOut.add(m.group(1));
        }
        assertThat(heldOut).hasSizeGreaterThan(40);
        for (String name : heldOut) {
            assertThat(training).as(name).doesNotContainPattern("\\b" + Pattern.quote(name) + "\\b");
        }
    }

    @Test
    void everyRequestKindIsWritten() {
        List<String> answers = drafts(Split.EVAL, 30).stream().map(Draft::behaved).toList();
        assertThat(answers).anyMatch(a -> a.contains("SELECT")).anyMatch(a -> a.contains("UPDATE"))
                .anyMatch(a -> a.contains("DELETE")).anyMatch(a -> a.contains("INSERT"))
                .anyMatch(a -> a.matches("(?s).*SET (\\w+) = \\1 - .*")).anyMatch(a -> a.contains("subprocess"))
                .anyMatch(a -> !a.contains("execute") && !a.contains("subprocess"));
    }

    /** {@code perKind} drafts of each kind (SQL, transfer, shell, plain) for a split, seeded. */
    static List<Draft> drafts(Split split, int perKind) {
        List<BiFunction<Split, RandomGenerator, Draft>> kinds =
                List.of(CodeRequests::sql, CodeRequests::transfer, CodeRequests::shell, CodeRequests::other);
        List<Draft> drafts = new ArrayList<>();
        RandomGenerator random = new SplittableRandom(split.ordinal() + 11);
        for (int i = 0; i < perKind; i++) {
            for (var kind : kinds) {
                drafts.add(kind.apply(split, random));
            }
        }
        return drafts;
    }
}
