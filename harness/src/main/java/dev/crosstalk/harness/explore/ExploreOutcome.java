package dev.crosstalk.harness.explore;

import dev.crosstalk.results.archive.ExploreResults;
import dev.crosstalk.results.archive.Sensitivity;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What an explore run produced.
 *
 * @param exitCode  with managers named: 0 every scenario clean, 1 a violation, 2 an error or a run that could not
 *                  complete (errors win: a run with errors vouches for nothing); with {@code all}: the matrix's
 *                  verdict (0 holds, 1 it does not, 2 errors)
 * @param results   the engine's {@code results.json}, when it wrote one
 * @param matrix    the explore matrix, with {@code all} and results
 * @param problems  why the run could not vouch for everything (the engine's exit, missing managers, …)
 * @param out       the output directory: results.json, matrix.json, junit.xml, console.log
 */
public record ExploreOutcome(int exitCode, Optional<ExploreResults> results, Optional<Sensitivity> matrix,
                             List<String> problems, Path out) {

    public ExploreOutcome {
        problems = List.copyOf(problems);
    }

    public Path resultsJson() {
        return out.resolve(ExploreRunner.RESULTS);
    }

    public Path matrixJson() {
        return out.resolve(ExploreRunner.MATRIX);
    }

    public Path junitXml() {
        return out.resolve(ExploreRunner.JUNIT);
    }

    public Path consoleLog() {
        return out.resolve(ExploreRunner.CONSOLE);
    }

    /** The rows that broke the contract, in the engine's order. */
    public List<ExploreResults.Row> violations() {
        return results.map(r -> r.results().stream().filter(x -> ExploreResults.VIOLATION.equals(x.outcome())).toList())
                .orElse(List.of());
    }
}
