package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.StressResults;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JCStress 0.16's console line by line: prints one progress line per test when all its
 * configurations have reported, and notes the messages that mean the run cannot be trusted
 * ("No scheduling is possible", "FATAL: No matching tests.", an uncaught exception in JCStress).
 */
public final class ConsoleWatcher implements Consumer<String> {

    static final Pattern RESULT =
            Pattern.compile("\\[(OK|FAILED|ERROR|TIMEOUT|VM ERROR|SKIPPED)\\] ([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+)\\s*$");
    static final Pattern PLANNED = Pattern.compile("\\(Results: (\\d+) planned;");

    private final String manager;
    private final int testCount;
    private final PrintStream progress;
    private final Map<String, int[]> perTest = new LinkedHashMap<>();
    private final Map<String, String> worst = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int planned = -1;
    private int done;
    private final Set<String> printed = new LinkedHashSet<>();

    /**
     * @param testCount how many tests the run selected (to know when a test has all its results)
     * @param progress  where progress lines go; null for none
     */
    public ConsoleWatcher(String manager, int testCount, PrintStream progress) {
        this.manager = manager;
        this.testCount = testCount;
        this.progress = progress;
    }

    @Override
    public synchronized void accept(String line) {
        if (line.contains("No scheduling is possible")) {
            addProblem("JCStress: No scheduling is possible (a test needs more CPUs than this machine has)");
        } else if (line.contains("FATAL: No matching tests")) {
            addProblem("JCStress: No matching tests");
        } else if (line.startsWith("FATAL:")) {
            addProblem("JCStress: " + line.strip());
        } else if (line.startsWith("Exception in thread \"main\"") && !line.contains("AssertionError: TEST FAILURES")) {
            // JCStress 0.16 ends a run with forbidden outcomes by throwing AssertionError("TEST FAILURES: ...")
            // from main (its exit code 1); anything else thrown from main is a crash.
            addProblem("JCStress crashed: " + line.strip());
        }
        Matcher p = PLANNED.matcher(line);
        if (p.find() && planned < 0) {
            planned = Integer.parseInt(p.group(1));
            printCompleted();
        }
        Matcher m = RESULT.matcher(line);
        if (m.find()) {
            onResult(m.group(2), m.group(1));
        }
    }

    private void addProblem(String problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    private void onResult(String test, String status) {
        done++;
        perTest.computeIfAbsent(test, t -> new int[1])[0]++;
        worst.merge(test, status, (a, b) -> rank(b) > rank(a) ? b : a);
        printCompleted();
    }

    /** Prints a line for every test that has all its results (known once JCStress printed how many it planned). */
    private void printCompleted() {
        if (planned <= 0 || testCount <= 0) {
            return;
        }
        int expected = Math.max(1, planned / testCount);
        for (Map.Entry<String, int[]> e : perTest.entrySet()) {
            if (e.getValue()[0] >= expected && printed.add(e.getKey())) {
                line(e.getKey(), e.getValue()[0]);
            }
        }
    }

    /** Prints the tests that never completed (e.g. a fork that never reported); call when JCStress has exited. */
    public synchronized void finish() {
        printCompleted();
        for (Map.Entry<String, int[]> e : perTest.entrySet()) {
            if (printed.add(e.getKey())) {
                line(e.getKey(), e.getValue()[0]);
            }
        }
    }

    private void line(String test, int results) {
        print(String.format("  %s  %-22s %-8s %2d configurations  [%d/%d tests]", manager,
                StressResults.probeName(test), worst.get(test), results, printed.size(), testCount));
    }

    private static int rank(String status) {
        return switch (status) {
            case "OK" -> 0;
            case "FAILED" -> 1;
            default -> 2;
        };
    }

    private void print(String s) {
        if (progress != null) {
            progress.println(s);
            progress.flush();
        }
    }

    /** What went wrong with the run as a whole, in order seen. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Results JCStress printed. */
    public synchronized int resultsSeen() {
        return done;
    }

    public synchronized int planned() {
        return planned;
    }
}
