package dev.crosstalk.results.archive;

import java.util.List;
import java.util.Map;

/** {@code bench/summary.json}: one row per benchmark × params. */
public record BenchSummary(int schema, String instrument, String profile, List<Row> rows) {

    public BenchSummary {
        rows = rows == null ? List.of() : rows;
    }

    public record Row(String benchmark, String manager, Map<String, String> params, int threads, String mode,
                      double score, double error, String unit, Double allocBytesPerOp) {
    }
}
