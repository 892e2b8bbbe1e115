package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.stats.EDivisive;
import dev.crosstalk.results.trend.Trend;
import dev.crosstalk.results.trend.TrendFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ChangePointTest {

    @TempDir
    Path dir;

    private static double[] noisy(int n, long seed, double level, double sd) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = level + sd * r.nextGaussian();
        }
        return x;
    }

    @Test
    void oneStepChangeIsFoundWhereItIs() {
        double[] x = noisy(20, 1, 100, 2);
        for (int i = 12; i < 20; i++) {
            x[i] += 25;
        }
        List<EDivisive.ChangePoint> cps = EDivisive.defaults().detect(x);
        assertThat(cps).singleElement().satisfies(cp -> {
            assertThat(cp.index()).isEqualTo(12);
            assertThat(cp.p()).isLessThan(0.05);
        });
    }

    @Test
    void flatNoisyHistoriesHaveNoChangePoint() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(EDivisive.defaults().detect(noisy(20, seed, 100, 5))).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void twoStepsAreBothFound() {
        double[] x = noisy(30, 3, 50, 1);
        for (int i = 10; i < 30; i++) {
            x[i] += 10;
        }
        for (int i = 20; i < 30; i++) {
            x[i] -= 20;
        }
        assertThat(EDivisive.defaults().detect(x)).extracting(EDivisive.ChangePoint::index).containsExactly(10, 20);
    }

    /**
     * The permutation test as published: after the first change point, each further candidate is tested against
     * the best split of every segment shuffled, so a history with two changes shows both and no third. Over 100
     * histories of 30 nights, 3 % noise, with steps at nights 10 and 20 — up +25 % then up +20 % for half of them,
     * up +25 % then down to 90 % of the start for the other half: both steps every time, and a third change point
     * in at most 5 % of them (the test's alpha; found: printed).
     */
    @Test
    void twoChangesShowBothAndNoThird() {
        int third = 0;
        for (long seed = 1; seed <= 100; seed++) {
            double[] x = noisy(30, seed, 100, 3);
            for (int i = 10; i < 20; i++) {
                x[i] *= 1.25;
            }
            for (int i = 20; i < 30; i++) {
                x[i] *= seed % 2 == 0 ? 1.25 * 1.2 : 0.9;
            }
            List<Integer> found = EDivisive.defaults().detect(x).stream().map(EDivisive.ChangePoint::index).toList();
            assertThat(found).as("seed %d", seed).contains(10, 20);
            third += found.size() > 2 ? 1 : 0;
        }
        System.out.println("e-divisive: a third change point in " + third + " of 100 histories with two");
        assertThat(third).isLessThanOrEqualTo(5);
    }

    /**
     * A bump — a regression that a later change undid: 100, then 125 for ten nights, then 100 again. Both edges are
     * change points, in 100 histories of 3 % noise, and a third one in at most 5 % of them. It needs the right end
     * of each split searched too (Matteson &amp; James's κ): with it fixed at the segment's end the first split's right
     * side mixes the bump with the return.
     */
    @Test
    void aBumpShowsBothEdges() {
        int third = 0;
        for (long seed = 1; seed <= 100; seed++) {
            double[] x = noisy(30, seed, 100, 3);
            for (int i = 10; i < 20; i++) {
                x[i] *= 1.25;
            }
            List<Integer> found = EDivisive.defaults().detect(x).stream().map(EDivisive.ChangePoint::index).toList();
            assertThat(found).as("seed %d", seed).contains(10, 20);
            third += found.size() > 2 ? 1 : 0;
        }
        System.out.println("e-divisive: a third change point in " + third + " of 100 bump histories");
        assertThat(third).isLessThanOrEqualTo(5);
    }

    @Test
    void deterministic() {
        double[] x = noisy(25, 9, 10, 1);
        for (int i = 15; i < 25; i++) {
            x[i] += 3;
        }
        assertThat(EDivisive.defaults().detect(x)).isEqualTo(EDivisive.defaults().detect(x));
    }

    @Test
    void exampleComputedByHand() {
        // z = {0, 0, 10, 10}: only τ = 2 leaves two points a side.
        // between: 4 pairs × 10 = 40 → 2·40/(2·2) = 20; within: 0; q = 2·2/4 · 20 = 20
        double[] q = new EDivisive(0.05, 19, 1, 2).bestSplitForTest(new double[]{0, 0, 10, 10});
        assertThat(q[0]).isEqualTo(2);
        assertThat(q[1]).isEqualTo(20);
    }

    @Test
    void trendNamesTheArchiveOfTheStepChange() throws IOException {
        List<Archive> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int night = i;
            history.add(Archive.open(Synthetic.write(dir, new Synthetic.Spec().with(s -> {
                s.started = Instant.parse("2026-11-01T01:00:00Z").plusSeconds(86400L * night);
                s.seed = 100 + night;
                s.benchFactor = night >= 6 ? 1.3 : 1.0;
                s.sha = String.format("%07x", 0xabc000 + night) + "0".repeat(33);
            }))));
        }
        java.util.Collections.reverse(history);     // the order given must not matter
        Trend.Result r = new Trend().analyse(history, Pattern.compile("^bench:"));
        assertThat(r.series()).hasSize(9);
        assertThat(r.series()).allSatisfy(s -> assertThat(s.changes()).singleElement().satisfies(c -> {
            assertThat(c.archive()).isEqualTo("20261107-010000-nightly-0abc006");
            assertThat(c.deltaPercent()).isBetween(25.0, 35.0);
            assertThat(c.worse()).isTrue();
        }));
        Trend.Result load = new Trend().analyse(history, Pattern.compile("^load:run p50"));
        assertThat(load.series()).singleElement().satisfies(s -> assertThat(s.changes()).isEmpty());
        String text = TrendFormat.text(r);
        assertThat(text).contains("<< change point").contains("20261107-010000-nightly-0abc006");
    }

    /**
     * Smoke archives interleaved with nightly ones whose load is 3× slower (a different scenario, not a
     * regression): each profile is its own history, so the profile switch is no change point.
     */
    @Test
    void profilesAreSeparateHistories() throws IOException {
        List<Archive> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int run = i;
            history.add(Archive.open(Synthetic.write(dir, new Synthetic.Spec().with(s -> {
                s.profile = run % 2 == 0 ? "smoke" : "nightly";
                s.latencyFactor = run % 2 == 0 ? 1.0 : 3.0;
                s.started = Instant.parse("2026-11-01T01:00:00Z").plusSeconds(43200L * run);
                s.seed = 300 + run;
                s.sha = String.format("%07x", 0xdef000 + run) + "0".repeat(33);
            }))));
        }
        Trend.Result r = new Trend().analyse(history, Pattern.compile("^load:run p50"));

        assertThat(r.series()).extracting(Trend.Series::metric)
                .containsExactly("load:run p50 [nightly]", "load:run p50 [smoke]");
        assertThat(r.series()).allSatisfy(s -> {
            assertThat(s.points()).hasSize(6);
            assertThat(s.changes()).isEmpty();
        });
        assertThat(TrendFormat.text(r)).doesNotContain("note:");
        // four archives of two profiles are two histories of two points: too short, and it says so
        assertThat(TrendFormat.text(new Trend().analyse(history.subList(0, 4), Pattern.compile("^load:run p50"))))
                .contains("note: 2 of 2 series have fewer than 4 points");
        // archives of one profile keep the plain metric names
        Trend.Result nightlyOnly = new Trend().analyse(history.stream()
                .filter(a -> a.manifest().profile().equals("nightly")).toList(), Pattern.compile("^load:run p50"));
        assertThat(nightlyOnly.series()).singleElement()
                .satisfies(s -> assertThat(s.metric()).isEqualTo("load:run p50"));
    }

    /**
     * An interrupted run's bench part is partial (its numbers wild here: 3× slower); it must show as a
     * missing point, not as an outlier the detector may take for a change.
     */
    @Test
    void partsThatDidNotCompleteAreNotPointsOfTheHistory() throws IOException {
        List<Archive> history = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            int night = i;
            history.add(Archive.open(Synthetic.write(dir, new Synthetic.Spec().with(s -> {
                s.started = Instant.parse("2026-11-01T01:00:00Z").plusSeconds(86400L * night);
                s.seed = 500 + night;
                s.sha = String.format("%07x", 0xfed000 + night) + "0".repeat(33);
                s.interrupted = night >= 6;
                s.benchFactor = night >= 6 ? 3.0 : 1.0;
            }))));
        }
        Trend.Result r = new Trend().analyse(history, Pattern.compile("^bench:"));

        assertThat(r.series()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.changes()).isEmpty();
            assertThat(s.points()).hasSize(9);
            assertThat(s.points().subList(6, 9)).allSatisfy(p -> assertThat(p.value()).isNull());
            assertThat(s.points().subList(0, 6)).allSatisfy(p -> assertThat(p.value()).isNotNull());
        });
    }
}
