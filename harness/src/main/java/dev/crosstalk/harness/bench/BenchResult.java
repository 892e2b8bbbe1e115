package dev.crosstalk.harness.bench;

import dev.crosstalk.results.archive.BenchSummary.Row;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run of the JMH suite produced.
 *
 * @param exitCode  {@link dev.crosstalk.harness.ExitCodes#CLEAN} when JMH succeeded with results,
 *                  {@link dev.crosstalk.harness.ExitCodes#ERROR} when it failed or measured nothing
 * @param message   one line: what happened (for an error: what and where)
 * @param jmhJson   JMH's own JSON ({@code rawData} kept), or null if JMH wrote none
 * @param summary   {@code summary.json}, or null if there were no results
 * @param log       JMH's full console
 * @param rows      the measured configurations
 * @param table     the comparison table, as printed
 * @param failures  configurations JMH reported as failed
 */
public record BenchResult(int exitCode, String message, Path jmhJson, Path summary, Path log, List<Row> rows,
                          String table, List<String> failures) {

    public BenchResult {
        rows = List.copyOf(rows);
        failures = List.copyOf(failures);
    }
}
