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
 * @param rawByFork  {@code raw} as JMH groups it, one list per fork ({@code rawData[fork][iteration]}): the
 *                   iterations of one fork share that JVM's JIT decisions and heap layout, so the fork, not the
 *                   iteration, is the independent sample {@code compare} tests
 * @param allocByFork {@code allocRaw} per fork, empty if absent
 */
public record JmhBenchmark(String benchmark, String mode, int threads, int forks, Map<String, String> params,
                           String unit, double score, double scoreError, List<Double> raw,
                           List<Double> allocRaw, Double allocScore, List<List<Double>> rawByFork,
                           List<List<Double>> allocByFork) {

    public JmhBenchmark {
        params = params == null ? Map.of() : new TreeMap<>(params);
        rawByFork = rawByFork == null ? List.of(raw) : List.copyOf(rawByFork);
        allocByFork = allocByFork == null ? List.of() : List.copyOf(allocByFork);
    }

    /** The median of each fork's iterations, in fork order (forks without a value are skipped). */
    public double[] forkMedians() {
        return medians(rawByFork);
    }

    /** The median B/op of each fork, empty without {@code -prof gc}. */
    public double[] allocForkMedians() {
        return medians(allocByFork);
    }

    private static double[] medians(List<List<Double>> forks) {
        return forks.stream().filter(f -> !f.isEmpty())
                .mapToDouble(f -> {
                    double[] s = f.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    int m = s.length / 2;
                    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
                }).toArray();
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
