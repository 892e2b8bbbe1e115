package dev.crosstalk.results.compare;

import java.util.List;
import java.util.Map;

/**
 * The result of comparing a base archive with a candidate: every table of {@code crosstalk compare}
 * and the findings that make it exit 1.
 */
public record Comparison(String base, String candidate, double alpha, double thresholdPercent,
                         List<String> environment, List<String> notes, List<BenchRow> bench,
                         List<Geomean> geomeans, List<StressRow> stress, List<LoadRow> load,
                         List<Finding> findings) {

    /** 0 clean, 1 at least one finding. */
    public int exitCode() {
        return findings.isEmpty() ? 0 : 1;
    }

    /** n samples, their median and the largest distance from it in percent (benchstat's ±). */
    public record Sample(int n, double median, Double spreadPercent) {
    }

    /**
     * One JMH benchmark × params.
     *
     * @param verdict {@code regression} (significant and worse beyond the threshold), {@code improvement},
     *                {@code within threshold} (significant, smaller than the threshold), {@code ~} (not
     *                significant), {@code only in base}, {@code only in candidate}
     */
    public record BenchRow(String key, String label, String benchmark, Map<String, String> params, String mode,
                           String unit, boolean lowerIsBetter, Sample base, Sample candidate, Double deltaPercent,
                           Double p, boolean exact, boolean significant, String verdict,
                           Sample baseAlloc, Sample candidateAlloc, Double allocDeltaPercent, Double allocP,
                           boolean allocSignificant) {
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
