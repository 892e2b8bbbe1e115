package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.StressResults.Test;
import dev.crosstalk.results.archive.TestStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The probes run against one manager in one JCStress invocation.
 *
 * @param failureClass the defect's failure class label, or null for a correct path
 * @param problems     what went wrong with the invocation as a whole (each makes the run an error)
 * @param jcstressExit JCStress's exit code, or -1 if it did not start
 * @param reportDir    JCStress's HTML report folder
 */
public record ManagerRun(String manager, String kind, String failureClass, List<Test> tests,
                         List<String> problems, Duration elapsed, int jcstressExit, Path reportDir) {

    public ManagerRun {
        tests = List.copyOf(tests);
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        return !problems.isEmpty()
                || tests.stream().anyMatch(t -> t.status() == TestStatus.ERROR || t.status() == TestStatus.SKIPPED);
    }

    public boolean hasFailures() {
        return tests.stream().anyMatch(t -> t.status() == TestStatus.FAILED);
    }

    /** 0 every probe passed, 1 a forbidden outcome, 2 an error (errors win: the run cannot vouch for anything). */
    public int exitCode() {
        return hasErrors() ? 2 : hasFailures() ? 1 : 0;
    }

    public long count(TestStatus status) {
        return tests.stream().filter(t -> t.status() == status).count();
    }
}
