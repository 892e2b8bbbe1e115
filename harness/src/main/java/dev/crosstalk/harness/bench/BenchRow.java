package dev.crosstalk.harness.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured configuration: a benchmark with one set of parameters, as {@code summary.json}
 * carries it (see {@code docs/formats.md}).
 *
 * @param benchmark        the full JMH benchmark name
 * @param manager          the {@code manager} parameter, or null when the benchmark has none
 * @param params           every JMH parameter of this configuration
 * @param threads          the benchmark's thread count
 * @param mode             JMH's mode label ({@code avgt}, {@code thrpt}, …)
 * @param score            the primary score
 * @param error            the 99.9% half-interval, or null when JMH could not compute one
 * @param unit             the score's unit ({@code ns/op})
 * @param allocBytesPerOp  {@code gc.alloc.rate.norm} in bytes per operation, or null without {@code -prof gc}
 */
public record BenchRow(String benchmark, String manager, Map<String, String> params, int threads, String mode,
                       double score, Double error, String unit, Double allocBytesPerOp) {

    public BenchRow {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params)); // JMH's order, kept
    }

    /** The benchmark name without its package: {@code CreationBenchmark.coldCreate}. */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int type = method < 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return type < 0 ? benchmark : benchmark.substring(type + 1);
    }
}
