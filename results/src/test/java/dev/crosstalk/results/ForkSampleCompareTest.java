package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.compare.Comparer;
import dev.crosstalk.results.compare.Comparison;
import dev.crosstalk.results.compare.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fork as the sample, on synthetic nightly archives written through the real writers: an A/A comparison with a
 * realistic fork-to-fork spread gives no finding, a known ×1.25 slowdown is flagged with an interval containing
 * 1.25, forks that take two levels with the same code are reported as multi-modal, and a benchmark with more
 * threads than processors is shown but not gated.
 */
class ForkSampleCompareTest {

    @TempDir
    Path dir;

    private final Comparer comparer = new Comparer(0.05, 5);
    private int written;

    private Archive archive(Consumer<Synthetic.Spec> change) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("a" + written++));
        return Archive.open(Synthetic.write(sub, new Synthetic.Spec().with(change)));
    }

    /**
     * 60 A/A pairs (two archives of the same code, different seeds) with fork-to-fork spreads of 5, 15 and 30 %
     * (a log standard deviation; the range of 10 forks is about 3× that: 15–90 %), 9 benchmarks each, 5 forks a
     * side. Before the fork was the sample, a spread like this flagged a quarter of the benchmarks of a real A/A
     * pair. Under the null the chance of any finding in one comparison is at most alpha = 0.05 after
     * Benjamini–Hochberg; the exact rank test's discreteness makes it smaller.
     */
    @Test
    void aaPairsWithRealisticForkSpreadGiveNoFinding() throws IOException {
        int pairs = 0;
        int flagged = 0;
        int rowsFlagged = 0;
        for (double spread : new double[]{0.05, 0.15, 0.30}) {
            for (int i = 0; i < 20; i++) {
                long seed = 1000 + i * 2L;
                Archive a = archive(s -> { s.forkSpread = spread; s.seed = seed; });
                Archive b = archive(s -> { s.forkSpread = spread; s.seed = seed + 1; });
                Comparison c = comparer.compare(a, b);
                pairs++;
                long regressions = c.findings().stream().filter(f -> f.kind().equals("regression")).count();
                rowsFlagged += (int) regressions;
                flagged += regressions > 0 ? 1 : 0;
                assertThat(c.findings()).allSatisfy(f -> assertThat(f.kind()).isEqualTo("regression"));
            }
        }
        System.out.printf("A/A: %d of %d pairs flagged, %d benchmark rows%n", flagged, pairs, rowsFlagged);
        assertThat(flagged).isLessThanOrEqualTo(3);
    }

    /** A known ×1.25 slowdown over the same spread: flagged, and the intervals contain 1.25. */
    @Test
    void aKnownSlowdownIsFlaggedWithAnIntervalContainingTheTrueRatio() throws IOException {
        int pairs = 0;
        int flagged = 0;
        int rows = 0;
        int covered = 0;
        for (double spread : new double[]{0.03, 0.05, 0.10}) {
            for (int i = 0; i < 10; i++) {
                long seed = 5000 + i * 2L;
                Archive a = archive(s -> { s.forkSpread = spread; s.seed = seed; });
                Archive b = archive(s -> { s.forkSpread = spread; s.seed = seed + 1; s.benchFactor = 1.25; });
                Comparison c = comparer.compare(a, b);
                pairs++;
                flagged += c.findings().stream().anyMatch(f -> f.kind().equals("regression")) ? 1 : 0;
                for (Comparison.BenchRow r : c.bench()) {
                    rows++;
                    covered += r.ratioLow() != null && r.ratioLow() <= 1.25 && 1.25 <= r.ratioHigh() ? 1 : 0;
                }
            }
        }
        System.out.printf("x1.25: %d of %d pairs flagged; %d of %d intervals contain 1.25%n", flagged, pairs, covered, rows);
        assertThat(flagged).isEqualTo(pairs);
        assertThat((double) covered / rows).isGreaterThanOrEqualTo(0.9);
    }

    /**
     * Forks that land at random in a fast or a 40 % slower mode (a JIT decision), the same code on both sides: the
     * benchmarks whose forks straddle the gap are reported as multi-modal, none as a regression.
     */
    @Test
    void multiModalForksAreReportedNotJudged() throws IOException {
        int multiModal = 0;
        for (int i = 0; i < 10; i++) {
            long seed = 9000 + i * 2L;
            Archive a = archive(s -> { s.forkSpread = 0.02; s.slowModeFactor = 1.4; s.seed = seed; });
            Archive b = archive(s -> { s.forkSpread = 0.02; s.slowModeFactor = 1.4; s.seed = seed + 1; });
            Comparison c = comparer.compare(a, b);
            assertThat(c.findings()).isEmpty();
            for (Comparison.BenchRow r : c.bench()) {
                if (r.verdict().equals("multi-modal")) {
                    multiModal++;
                    assertThat(r.reason()).startsWith("multi-modal: the ").contains("gap");
                    assertThat(r.gated()).isFalse();
                }
            }
            assertThat(Format.text(c)).doesNotContain("REGRESSION");
        }
        // with 10 forks each landing slow with probability ½, nearly every benchmark straddles the 40 % gap
        assertThat(multiModal).isGreaterThan(80);
    }

    /**
     * 4 threads on 2 processors, 50 % slower in the candidate: marked, the reason printed, not a finding. Six forks:
     * a change in one benchmark of ten alone needs p &lt; 0.05/10 after Benjamini–Hochberg, below the 0.008 five
     * forks a side can reach (compare says so in a note).
     */
    @Test
    void anOversubscribedBenchmarkIsShownNotGated() throws IOException {
        Archive a = archive(s -> { s.extraThreads = 4; s.forks = 6; s.seed = 11; });
        Archive b = archive(s -> { s.extraThreads = 4; s.forks = 6; s.seed = 12; s.extraFactor = 1.5; });
        Comparison c = comparer.compare(a, b);
        Comparison.BenchRow row = c.bench().stream().filter(r -> r.threads() == 4).findFirst().orElseThrow();
        assertThat(row.verdict()).isEqualTo("oversubscribed");
        assertThat(row.gated()).isFalse();
        assertThat(row.ratio()).isBetween(1.4, 1.6);
        assertThat(c.findings()).isEmpty();
        assertThat(c.exitCode()).isZero();
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).isEqualTo("bench: CreationBenchmark.hotUser_4threads"
                + " manager=ssot threads=4 not judged: oversubscribed: 4 threads on 2 processors measure the"
                + " scheduler, not the code (--gate-oversubscribed to judge it)"));
        assertThat(Format.text(c)).contains("OVERSUBSCRIBED, not gated");
        // on 8 processors the same benchmark is judged, and asked for on 2 it is too
        assertThat(comparer.compare(archive(s -> { s.extraThreads = 4; s.forks = 6; s.seed = 11; s.cpus = 8; }),
                archive(s -> { s.extraThreads = 4; s.forks = 6; s.seed = 12; s.extraFactor = 1.5; s.cpus = 8; })).findings())
                .singleElement().satisfies(f -> assertThat(f.subject()).contains("hotUser_4threads"));
        assertThat(new Comparer(0.05, 5, true).compare(a, b).findings()).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("regression"));
    }

    /**
     * A window of four nights whose levels differ by up to ~13 % from their pooled median (1.00, 1.15, 0.90, 1.05):
     * the pooled 20 forks make a shift very significant, but the window's own night-to-night noise raises each
     * benchmark's threshold above the 5 % minimum, so a candidate at 1.10 (≈ +8 % on the pooled median, inside the
     * range the nights already spanned) is not a regression, while one at 1.40 (≈ +37 %) is.
     */
    @Test
    void theWindowsNoiseSetsTheThreshold() throws IOException {
        double[] nights = {1.00, 1.15, 0.90, 1.05};
        java.util.List<Archive> window = new java.util.ArrayList<>();
        for (int i = 0; i < nights.length; i++) {
            int night = i;
            window.add(archive(s -> { s.seed = 700 + night; s.benchFactor = nights[night]; s.forkSpread = 0.01;
                s.started = java.time.Instant.parse("2026-11-01T01:00:00Z").plusSeconds(86400L * night); }));
        }
        Comparison small = comparer.compare(window, archive(s -> { s.seed = 800; s.benchFactor = 1.10;
            s.forkSpread = 0.01; s.started = java.time.Instant.parse("2026-11-06T01:00:00Z"); }));
        assertThat(small.baseWindow()).hasSize(4);
        assertThat(small.bench()).allSatisfy(r -> {
            assertThat(r.base().n()).isEqualTo(20);
            assertThat(r.windowNoisePercent()).isBetween(10.0, 16.0);
            assertThat(r.thresholdPercent()).isEqualTo(r.windowNoisePercent());
        });
        assertThat(small.findings()).isEmpty();
        assertThat(small.bench()).allSatisfy(r -> assertThat(r.verdict()).isIn("below threshold", "~"));
        Comparison big = comparer.compare(window, archive(s -> { s.seed = 801; s.benchFactor = 1.40;
            s.forkSpread = 0.01; s.started = java.time.Instant.parse("2026-11-06T01:00:00Z"); }));
        assertThat(big.findings()).hasSize(9);
        assertThat(Format.text(big)).contains("forks 20+5, window noise ±");
    }
}
