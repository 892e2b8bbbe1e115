package dev.crosstalk.results.archive;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of JMH's {@code bench/jmh.json}: a benchmark × params, with its raw samples
 * (every fork's iterations, flattened) and the normalised allocation rate if {@code -prof gc} ran.
 *
 * @param raw        {@code primaryMetric.rawData}, forks flattened in order (sample-time mode: the mean of each
 *                   iteration of {@code rawDataHistogram})
 * @param allocRaw   {@code secondaryMetrics["·gc.alloc.rate.norm"].rawData} flattened (B/op), empty if absent
 * @param allocScore {@code secondaryMetrics["·gc.alloc.rate.norm"].score}, or {@code null}
 */
public record JmhBenchmark(String benchmark, String mode, int threads, int forks, Map<String, String> params,
                           String unit, double score, double scoreError, List<Double> raw,
                           List<Double> allocRaw, Double allocScore) {

    public JmhBenchmark {
        params = params == null ? Map.of() : new TreeMap<>(params);
    }

    /** {@code Class.method}, without the package. */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }

    /** A key unique per benchmark × mode × threads × params. */
    public String key() {
        return benchmark + " " + mode + " t" + threads + " " + params;
    }

    /** {@code Class.method k=v k=v} for tables. */
    public String label() {
        StringBuilder sb = new StringBuilder(shortName());
        params.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        if (threads > 1) {
            sb.append(" threads=").append(threads);
        }
        return sb.toString();
    }

    /** True for time per operation (lower is better), false for throughput (higher is better). */
    public boolean lowerIsBetter() {
        return lowerIsBetter(mode, unit);
    }

    public static boolean lowerIsBetter(String mode, String unit) {
        if (unit != null) {
            if (unit.startsWith("ops/")) {
                return false;
            }
            if (unit.endsWith("/op")) {
                return true;
            }
        }
        return !"thrpt".equals(mode);
    }
}
