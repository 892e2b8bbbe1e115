package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.StressResults.Test;
import dev.crosstalk.results.archive.TestStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The probes run against one manager: one JCStress invocation, or several {@link #merged} into one
 * (a probe with a larger budget runs in its own, see {@link ProbeBudgets}).
 *
 * @param failureClass the defect's failure class label, or null for a correct path
 * @param problems     what went wrong with the invocation as a whole (each makes the run an error)
 * @param jcstressExit JCStress's exit code, or -1 if it did not start (merged: the first that is neither 0 nor 1,
 *                     else the highest)
 * @param reportDir    JCStress's HTML report folder (merged: the first invocation's)
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

    /**
     * The invocations {@code parts} of one manager as one run: their tests in {@code order} (tests not in it
     * last), their problems in run order, their times added up (they ran one after the other).
     */
    public static ManagerRun merged(List<ManagerRun> parts, List<String> order) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        ManagerRun first = parts.get(0);
        List<Test> tests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Duration elapsed = Duration.ZERO;
        int exit = 0;
        for (ManagerRun p : parts) {
            tests.addAll(p.tests());
            problems.addAll(p.problems());
            elapsed = elapsed.plus(p.elapsed());
            exit = worse(exit, p.jcstressExit());
        }
        tests.sort(Comparator.comparingInt(t -> order.contains(t.test()) ? order.indexOf(t.test()) : order.size()));
        return new ManagerRun(first.manager(), first.kind(), first.failureClass(), tests, problems, elapsed, exit,
                first.reportDir());
    }

    /** An abnormal exit (neither 0 nor 1) wins over the normal ones, the first of them over later ones. */
    private static int worse(int a, int b) {
        boolean abnormalA = a != 0 && a != 1;
        boolean abnormalB = b != 0 && b != 1;
        return abnormalA ? a : abnormalB ? b : Math.max(a, b);
    }
}
