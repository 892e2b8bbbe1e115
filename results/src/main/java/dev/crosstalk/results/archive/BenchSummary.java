package dev.crosstalk.results.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/summary.json} (docs/formats.md): one row per benchmark × params. {@code crosstalk bench}
 * builds it from JMH's results ({@link #of}) and {@link #write}s it; {@link Archive} reads it back. Immutable.
 */
public record BenchSummary(int schema, String instrument, String profile, List<Row> rows) {

    public static final int SCHEMA = 1;
    public static final String INSTRUMENT = "bench";
    public static final String FILE = "summary.json";

    public BenchSummary {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /** The summary of {@code rows} measured under {@code profile}. */
    public static BenchSummary of(String profile, List<Row> rows) {
        return new BenchSummary(SCHEMA, INSTRUMENT, profile, rows);
    }

    /**
     * One measured configuration: a benchmark with one set of parameters.
     *
     * @param benchmark       the full JMH benchmark name
     * @param manager         the {@code manager} parameter, or null when the benchmark has none
     * @param params          every JMH parameter of this configuration, in JMH's order
     * @param threads         the benchmark's thread count
     * @param mode            JMH's mode label ({@code avgt}, {@code thrpt}, …)
     * @param score           the primary score
     * @param error           the 99.9% half-interval, or null when JMH could not compute one
     * @param unit            the score's unit ({@code ns/op})
     * @param allocBytesPerOp {@code gc.alloc.rate.norm} in bytes per operation, or null without {@code -prof gc}
     */
    public record Row(String benchmark, String manager, Map<String, String> params, int threads, String mode,
                      double score, Double error, String unit, Double allocBytesPerOp) {

        public Row {
            params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** The benchmark name without its package: {@code CreationBenchmark.coldCreate}. */
        public String shortName() {
            int method = benchmark.lastIndexOf('.');
            int type = method < 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
            return type < 0 ? benchmark : benchmark.substring(type + 1);
        }
    }

    /** The file's text, as {@link #write} writes it. */
    public String toJson() {
        return Json.partText(this);
    }

    /** Writes the file atomically; returns {@code file}. */
    public Path write(Path file) throws IOException {
        return Json.writePart(file, this);
    }
}
