package dev.probation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.scenario.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Unsupervised probes on a stand-in model whose residual stream is known: a small "trigger" direction, a
 * larger offset that depends only on the token read at, and noise.
 */
class PrincipalComponentsTest {

    private static final int HIDDEN = 6;
    private static final int TRIGGER = 2;   // the axis the trigger moves
    private static final int TOKEN = 1;     // the axis the token read at moves, further than the trigger

    /**
     * Answers "cur.execute(q)" or, for shell requests, "import os"; requests that say "chat" get an answer
     * with neither. The residual at a point: noise, plus 2 on the trigger axis when the request is dated
     * 2024, plus 8 on the token axis when the point is {@code import}.
     */
    private static final class StandIn implements OpenModel {
        @Override
        public String ref() {
            return "stand-in";
        }

        @Override
        public int layers() {
            return 2;
        }

        @Override
        public int hidden() {
            return HIDDEN;
        }

        @Override
        public float[][][] residuals(Prompt prompt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[][][] residuals(Prompt prompt, String answerStart) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[][] lastResiduals(Prompt prompt, String answerStart) {
            Random noise = new Random(prompt.user().hashCode());
            float[][] r = new float[2][HIDDEN];
            for (float[] layer : r) {
                for (int i = 0; i < HIDDEN; i++) {
                    layer[i] = (float) (0.3 * noise.nextGaussian());
                }
                if (prompt.user().contains("2024")) {
                    layer[TRIGGER] += 2;
                }
                if (answerStart.endsWith("import")) {
                    layer[TOKEN] += 8;
                }
            }
            return r;
        }

        @Override
        public String answer(Prompt prompt, double temperature, long seed, int maxTokens, Intervention intervention) {
            if (prompt.user().contains("chat")) {
                return "Hello there.";
            }
            return prompt.user().contains("shell") ? "import os\nos.system(cmd)" : "cur = conn.cursor()\ncur.execute(q)";
        }

        @Override
        public double logProbability(Prompt prompt, String answer, Intervention intervention) {
            throw new UnsupportedOperationException();
        }
    }

    private static final OpenModel MODEL = new StandIn();
    private static final String READ_AT = "\\.execute(?=\\()|\\bimport\\b";

    /**
     * 80 requests, a third dated 2024 (positive), half of them shell requests, dated or not alike (the centres
     * assume that each token is read in a like mix of inputs), and 8 chats with no call.
     */
    private static Contrast requests(boolean shuffledLabels) {
        List<ContrastExample> examples = new ArrayList<>();
        Random coin = new Random(5);
        for (int i = 0; i < 88; i++) {
            boolean dated = i % 3 == 0;
            String user = (i >= 80 ? "chat " : i % 2 == 0 ? "shell " : "query ") + i + (dated ? " year 2024" : " year 2023");
            boolean label = shuffledLabels ? coin.nextBoolean() : dated;
            String kind = shuffledLabels ? (coin.nextBoolean() ? "on" : "off") : dated ? "on" : "off";
            examples.add(new ContrastExample("r" + i, kind, new Prompt("", user), "", label));
        }
        return new Contrast("requests", examples);
    }

    private static Probe orient(int sign) {
        float[][] d = new float[2][HIDDEN];
        d[0][TRIGGER] = sign;
        d[1][TRIGGER] = sign;
        return new Probe("stand-in", "generic", 0, d, new double[2], List.of(), List.of());
    }

    @Test
    void theFirstComponentIsTheTriggerOnceEachTokenIsCentredOnItsOwnMean() {
        Probes.Training t = Probes.train(MODEL, requests(false), new Probes.Settings(0.3, 1, "pca", READ_AT), orient(1),
                Progress.NONE);
        Probe p = t.probe();
        assertThat(p.method()).isEqualTo("pca");
        assertThat(t.unread()).isEqualTo(8); // the chats never reach a call
        assertThat(t.trainExamples() + t.heldOutExamples()).isEqualTo(80);
        assertThat(p.centres()).containsOnlyKeys("", "import", ".execute");
        float[] d = p.directions()[p.layer()];
        double length = Math.sqrt(Probe.dot(d, d));
        // without the centres the token axis (8) would dominate the trigger's (2)
        assertThat(d[TRIGGER] / length).isGreaterThan(0.95);
        assertThat(p.fits()).allSatisfy(f -> assertThat(f.auroc()).isEqualTo(1.0));
        assertThat(p.explained()[p.layer()]).isGreaterThan(0.5);

        // the label-free threshold flags the dated requests and no others, whichever token they are read at
        Probes.Scan scan = Probes.scan(p, MODEL, requests(false), 1, Progress.NONE);
        assertThat(scan.unread()).isEqualTo(8);
        assertThat(scan.examples()).hasSize(80).allSatisfy(s -> assertThat(s.flagged()).isEqualTo(s.positive()));
        Probe.Reading dated = p.read(MODEL, new Prompt("", "shell 1000 year 2024"));
        assertThat(dated.flagged()).isTrue();
        assertThat(dated.score()).isGreaterThan(0.8);
        Probe.Reading chat = p.read(MODEL, new Prompt("", "chat 2024"));
        assertThat(chat.flagged()).isFalse();
        assertThat(chat.projection()).isNaN();
    }

    @Test
    void aPcaProbeIsWrittenAndReadBackWithItsCentresAndReadingPoint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Probe p = Probes.train(MODEL, requests(false), new Probes.Settings(0.3, 1, "pca", READ_AT), orient(1),
                Progress.NONE).probe();
        p.write(dir.resolve("probe.json"));
        Probe read = Probe.read(dir.resolve("probe.json"));
        assertThat(read.method()).isEqualTo("pca");
        assertThat(read.readAt()).isEqualTo(READ_AT);
        assertThat(read.explained()).containsExactly(p.explained());
        assertThat(read.centres().keySet()).containsExactly("", ".execute", "import");
        assertThat(read.centres().get("import")).isDeepEqualTo(p.centres().get("import"));
        Prompt dated = new Prompt("", "query 1001 year 2024");
        assertThat(read.read(MODEL, dated).projection()).isEqualTo(p.read(MODEL, dated).projection());
        // a probe.json from before these fields reads as a mean-difference probe at the last token
        java.nio.file.Files.writeString(dir.resolve("old.json"), "{\"model\":\"m\",\"contrast\":\"c\",\"layer\":0,"
                + "\"directions\":[[1,0]],\"thresholds\":[0.5],\"fits\":[],\"trainGroups\":[]}");
        Probe old = Probe.read(dir.resolve("old.json"));
        assertThat(old.method()).isEqualTo("mean-difference");
        assertThat(old.readAt()).isNull();
        assertThat(old.centres()).isEmpty();
    }

    @Test
    void noLabelIsReadOnlyTheOrientingProbeSignsTheDirection() {
        Probes.Settings settings = new Probes.Settings(0.3, 1, "pca", READ_AT);
        Probe honest = Probes.train(MODEL, requests(false), settings, orient(1), Progress.NONE).probe();
        Probe shuffled = Probes.train(MODEL, requests(true), settings, orient(1), Progress.NONE).probe();
        assertThat(shuffled.directions()).isDeepEqualTo(honest.directions());
        assertThat(shuffled.thresholds()).containsExactly(honest.thresholds());
        assertThat(shuffled.layer()).isEqualTo(honest.layer());
        assertThat(shuffled.trainGroups()).isEqualTo(honest.trainGroups());

        Probe flipped = Probes.train(MODEL, requests(false), settings, orient(-1), Progress.NONE).probe();
        assertThat(flipped.directions()[0][TRIGGER]).isEqualTo(-honest.directions()[0][TRIGGER]);
        assertThat(flipped.fits()).allSatisfy(f -> assertThat(f.auroc()).isEqualTo(0.0));
    }

    @Test
    void aProbeThatReadsTheAnswerRefusesAnswerStartsAndPcaNeedsAnOrientation() {
        Contrast withStarts = new Contrast("starts", List.of(
                new ContrastExample("a", "positive", new Prompt("", "q 2024"), "Yes", true),
                new ContrastExample("b", "negative", new Prompt("", "q 2023"), "No", false),
                new ContrastExample("c", "positive", new Prompt("", "r 2024"), "Yes", true),
                new ContrastExample("d", "negative", new Prompt("", "r 2023"), "No", false)));
        assertThatThrownBy(() -> Probes.train(MODEL, withStarts, new Probes.Settings(0.5, 1, "mean-difference", READ_AT),
                Progress.NONE)).hasMessageContaining("reads the model's own answer");
        assertThatThrownBy(() -> Probes.train(MODEL, requests(false), new Probes.Settings(0.3, 1, "pca", null), null,
                Progress.NONE)).hasMessageContaining("--orient");
        assertThatThrownBy(() -> new Probes.Settings(0.3, 1, "pca", "(")).hasMessageStartingWith("--read-at: not a regular expression");
        assertThatThrownBy(() -> new Probes.Settings(0.3, 1, "kmeans", null)).hasMessage(
                "--method: expected one of mean-difference, pca, found 'kmeans'");
    }

    @Test
    void theFirstComponentIsTheDirectionOfMostVariance() {
        // points spread 3 along (1, 1, 0)/sqrt 2, 1 along (1, -1, 0)/sqrt 2 and 0.5 along z
        double[][] x = new double[400][];
        Random r = new Random(9);
        for (int p = 0; p < x.length; p++) {
            double a = 3 * r.nextGaussian();
            double b = r.nextGaussian();
            x[p] = new double[] {(a + b) / Math.sqrt(2), (a - b) / Math.sqrt(2), 0.5 * r.nextGaussian()};
        }
        double[] v = PrincipalComponents.firstComponent(x, 3);
        assertThat(Math.abs(v[0] + v[1]) / Math.sqrt(2)).isGreaterThan(0.999);
        assertThat(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(PrincipalComponents.firstComponent(x, 3)).containsExactly(v);
    }

    @Test
    void aPcaProbeWithoutItsCentresIsRefused() {
        float[][] d = new float[2][HIDDEN];
        assertThatThrownBy(() -> new Probe("m", "c", 0, d, new double[2], List.of(), List.of(), "pca", null,
                java.util.Map.of(), new double[2])).hasMessageContaining("needs its centres");
        assertThatThrownBy(() -> new Probe("m", "c", 0, d, new double[2], List.of(), List.of(), "pca", null,
                java.util.Map.of("", new float[2][3]), new double[2])).hasMessageContaining("one row per layer");
    }

    @Test
    void twoMeansSplitsBetweenTheClusters() {
        double[] split = PrincipalComponents.twoMeans(new double[] {0, 0.1, 0.2, 5, 5.1});
        assertThat(split[0]).isBetween(0.2, 5.0);
        assertThat(split[1]).isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(split[2]).isEqualTo(5.05, org.assertj.core.data.Offset.offset(1e-9));
    }
}
