package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.Sensitivity;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a stress run produced.
 *
 * @param exitCode    one manager: 0 all passed, 1 a forbidden outcome, 2 an error;
 *                    {@code --all}: the sensitivity verdict (0 holds, 1 it does not, 2 errors)
 * @param runs        one per manager, in run order
 * @param sensitivity the matrix, with {@code all}
 * @param out         the output directory: results.json, junit.xml, sensitivity.json, report/, raw/
 * @param budgets     probe → the extra JCStress arguments of its larger budget ({@link ProbeBudgets}), for the
 *                    probes that ran with one
 */
public record StressOutcome(int exitCode, List<ManagerRun> runs, Optional<Sensitivity> sensitivity, Path out,
                            Map<String, List<String>> budgets) {

    public StressOutcome {
        budgets = Map.copyOf(budgets);
    }

    public Path resultsJson() {
        return out.resolve("results.json");
    }

    public Path junitXml() {
        return out.resolve("junit.xml");
    }

    public Path sensitivityJson() {
        return out.resolve("sensitivity.json");
    }
}
