package dev.crosstalk.results.compare;

import java.util.List;
import java.util.Map;

/**
 * The result of comparing a baseline (one archive, or a window of archives pooled) with a candidate: every table
 * of {@code crosstalk compare}, the findings that make it exit 1, and what it could not judge (exit 2).
 *
 * @param baseWindow       the archives pooled as the bench baseline, oldest first ({@code base} is the newest:
 *                         stress, explore and load are compared with it)
 * @param minEffectPercent the smallest change that counts (the {@code --min-effect})
 * @param cannotJudge      what the comparison could not judge: a candidate part missing, partial or failed, an
 *                         interrupted run, a probe that errored. Not a pass: exit 2 unless a finding makes it 1
 */
public record Comparison(String base, String candidate, List<String> baseWindow, double alpha,
                         double minEffectPercent, List<String> environment, List<String> notes, List<BenchRow> bench,
                         List<Geomean> geomeans, List<StressRow> stress, List<LoadRow> load,
                         List<Finding> findings, List<String> cannotJudge) {

    /** The exit code when a comparison could not judge everything and found nothing. */
    public static final int CANNOT_JUDGE = 2;

    /**
     * 1 at least one finding (a finding is real even in an incomplete archive: a leak seen is a leak), else 2 when
     * something could not be judged, else 0.
     */
    public int exitCode() {
        return !findings.isEmpty() ? 1 : !cannotJudge.isEmpty() ? CANNOT_JUDGE : 0;
    }

    /**
     * Fork-level statistics of one side: n forks, the median of their medians, and the largest distance of a
     * fork's median from it in percent (benchstat's ±, over forks).
     */
    public record Sample(int n, double median, Double spreadPercent) {
    }

    /**
     * One JMH benchmark × params, judged on the median of each JVM fork.
     *
     * @param ratio             Hodges–Lehmann estimate of candidate/base (on log fork medians)
     * @param ratioLow          the low end of its interval ({@code confidence}), null when unbounded
     * @param ratioHigh         the high end, null when unbounded
     * @param p                 two-sided Mann-Whitney p over fork medians
     * @param q                 the Benjamini–Hochberg adjusted p across the gated benchmarks (null when not gated)
     * @param thresholdPercent  how large a change must be to count: the larger of the minimum effect and the
     *                          noise between the nights of the baseline window
     * @param verdict           {@code regression}, {@code improvement}, {@code below threshold}, {@code ~} (not
     *                          significant), {@code multi-modal}, {@code oversubscribed}, {@code too few forks},
     *                          {@code only in base}, {@code only in candidate}
     * @param reason            why a benchmark was not judged (multi-modal, oversubscribed), else null
     */
    public record BenchRow(String key, String label, String benchmark, Map<String, String> params, String mode,
                           String unit, int threads, boolean lowerIsBetter, Sample base, Sample candidate,
                           Double deltaPercent, Double ratio, Double ratioLow, Double ratioHigh, Double confidence,
                           Double p, Double q, boolean exact, boolean significant, Double windowNoisePercent,
                           Double thresholdPercent, String verdict, String reason,
                           Sample baseAlloc, Sample candidateAlloc, Double allocDeltaPercent, Double allocP,
                           boolean allocSignificant) {

        /** Whether the row takes part in the gate (and in the false-discovery family). */
        public boolean gated() {
            return q != null;
        }
    }

    /** The geometric mean of the medians of the benchmarks present in both, per unit. */
    public record Geomean(String unit, int benchmarks, double base, double candidate, double deltaPercent) {
    }

    /** One JCStress test × manager: outcomes seen (count &gt; 0) in one archive and not the other. */
    public record StressRow(String test, String manager, String baseStatus, String candidateStatus,
                            List<String> appeared, List<String> disappeared,
                            Map<String, Long> forbiddenInCandidate, List<String> newForbidden) {
    }

    /** One load statistic: a latency percentile of a metric (µs) or a throughput (per second). */
    public record LoadRow(String metric, String stat, String unit, boolean lowerIsBetter, Double base,
                          Double candidate, Double deltaPercent, boolean beyondThreshold, String source) {
    }

    /** Something that makes the comparison fail: kind is regression, forbidden, leak, loss, order, duplicate, sensitivity, explore. */
    public record Finding(String kind, String subject, String message) {
    }
}
