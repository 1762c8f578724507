package dev.probation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlannerTest {

    @Test
    void mcNemarIsTheSignFlipTestWithOneSamplePerSide() {
        SplittableRandom random = new SplittableRandom(3);
        for (int r = 0; r < 30; r++) {
            int up = random.nextInt(12);
            int down = random.nextInt(12);
            double[] d = new double[up + down + 5];
            for (int i = 0; i < up; i++) {
                d[i] = 1;
            }
            for (int i = up; i < up + down; i++) {
                d[i] = -1;
            }
            assertThat(Planner.mcNemar(up, down)).as("%d up, %d down", up, down).isCloseTo(SignFlipTest.pValue(d, 1), within(1e-9));
        }
    }

    @Test
    void theSimulatedSizeHasThePowerAskedForAndTheApproximationIsClose() {
        Planner.Assumptions a = new Planner.Assumptions(0.2, Planner.Assumptions.independentSides(0.1, 0.2), 1, 2, 0.05);
        Planner.Plan plan = Planner.fixed(a, 0.9, 1000, 7);
        assertThat(plan.power()).isGreaterThanOrEqualTo(0.9);
        assertThat(Planner.power(a, plan.scenarios() - 1, 1000, 7)).isLessThan(0.9);
        assertThat((double) plan.scenarios()).isCloseTo(plan.approximation(), within(0.15 * plan.approximation()));
        // and the power the planner simulates is the power the real test has: the exact sign-flip test on the same draws
        SplittableRandom random = new SplittableRandom(11);
        int rejections = 0;
        int reps = 400;
        for (int r = 0; r < reps; r++) {
            double[] d = new double[plan.scenarios()];
            for (int i = 0; i < d.length; i++) {
                double u = random.nextDouble();
                d[i] = u < (a.discordance() + a.gap()) / 2 ? 1 : u < a.discordance() ? -1 : 0;
            }
            rejections += SignFlipTest.pValue(d, r) < 0.05 / 2 ? 1 : 0;
        }
        assertThat((double) rejections / reps).isCloseTo(plan.power(), within(0.05));
    }

    @Test
    void withSeveralSamplesTheNormalApproximationOfTheSignFlipTestHasItsPower() {
        Planner.Assumptions a = new Planner.Assumptions(0.15, 0.35, 3, 1, 0.05);
        int n = 60;
        double planned = Planner.power(a, n, 1000, 5);
        SplittableRandom random = new SplittableRandom(13);
        int rejections = 0;
        int reps = 300;
        for (int r = 0; r < reps; r++) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                int sum = 0;
                for (int j = 0; j < 3; j++) {
                    double u = random.nextDouble();
                    sum += u < (a.discordance() + a.gap()) / 2 ? 1 : u < a.discordance() ? -1 : 0;
                }
                d[i] = sum / 3.0;
            }
            rejections += SignFlipTest.pValue(d, r) < 0.05 ? 1 : 0;
        }
        assertThat((double) rejections / reps).isCloseTo(planned, within(0.07));
    }

    @Test
    void moreSamplesPerScenarioNeedFewerScenarios() {
        double q = Planner.Assumptions.independentSides(0.1, 0.1);
        int one = Planner.fixed(new Planner.Assumptions(0.1, q, 1, 6, 0.05), 0.9, 500, 1).scenarios();
        int three = Planner.fixed(new Planner.Assumptions(0.1, q, 3, 6, 0.05), 0.9, 500, 1).scenarios();
        assertThat(three).isLessThan(one / 2);
    }

    @Test
    void theSequentialDesignStopsEarlierWhenTheGapIsLargerThanPlanned() {
        Planner.Assumptions planned = new Planner.Assumptions(0.2, Planner.Assumptions.independentSides(0.1, 0.2), 1, 3, 0.05);
        int cap = Planner.sequentialCap(planned, 0.18, 0.9, 5, 0.1, 400, 3);
        assertThat(Planner.sequential(planned, 0.18, cap, 5, 0.1, 400, 3).power()).isGreaterThanOrEqualTo(0.9);
        Planner.Assumptions larger = new Planner.Assumptions(0.5, Planner.Assumptions.independentSides(0.1, 0.5), 1, 3, 0.05);
        Planner.Sequential atLarger = Planner.sequential(larger, 0.18, cap, 5, 0.1, 400, 3);
        int fixed = Planner.fixed(planned, 0.9, 400, 3).scenarios();
        assertThat(atLarger.power()).isGreaterThan(0.99);
        assertThat(atLarger.meanScenarios()).isLessThan(fixed / 2.0);
        assertThat(atLarger.meanCalls()).as("the families without a gap run on").isGreaterThan(atLarger.meanScenarios() * 2);
    }
}
