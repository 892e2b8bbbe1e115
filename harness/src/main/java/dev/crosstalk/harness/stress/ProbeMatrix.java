package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Sensitivity.Row;
import dev.crosstalk.results.archive.Sensitivity.Samples;
import dev.crosstalk.results.archive.StressResults.Outcome;
import dev.crosstalk.results.archive.StressResults.Test;
import dev.crosstalk.results.archive.Verdict;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the sensitivity matrix of an {@code --all} run from its graded runs (manager × probe: caught,
 * clean or error; each row judged by {@link Verdict}), and prints it as a table. The matrix itself, and
 * its file {@code sensitivity.json}, is results' {@link Sensitivity}.
 *
 * <p>Errors: a correct path with an errored probe cannot be vouched for (verdict "error: ..."); a
 * defect caught by some probe stays caught even if another probe errored on it (often the defect's
 * own breakage), its errors listed; a defect with no catch and an error is "error: ...".
 */
public final class ProbeMatrix {

    /**
     * The order the columns are shown in (the order, then the contract probes added for issue 11);
     * probes not listed follow, by name.
     */
    static final List<String> PREFERRED_ORDER = List.of("factory-singleton", "same-user-creation", "different-users",
            "register-vs-emit", "concurrent-emits", "reconnect-vs-queued", "evict-vs-send", "connection-churn",
            "publication", "reconnect-while-emitting", "cross-thread-emit", "close-during-run", "colliding-keys");

    private ProbeMatrix() {
    }

    /**
     * The matrix of {@code runs}, whose samples ran on {@code arch} in JCStress mode {@code mode}, with the
     * probes spinning {@code widenMicros} inside the providers' race windows (0: unaided).
     */
    public static Sensitivity of(List<ManagerRun> runs, String arch, String mode, long widenMicros) {
        Set<String> found = new TreeSet<>();
        runs.forEach(r -> r.tests().forEach(t -> found.add(t.probe())));
        Set<String> probes = new LinkedHashSet<>();
        PREFERRED_ORDER.stream().filter(found::contains).forEach(probes::add);
        probes.addAll(found);
        List<Row> rows = new ArrayList<>();
        for (ManagerRun run : runs) {
            Map<String, String> cells = new LinkedHashMap<>();
            Map<String, Samples> samples = new LinkedHashMap<>();
            List<String> na = new ArrayList<>();
            for (Test t : run.tests()) {
                samples.put(t.probe(), samplesOf(t));
                cells.put(t.probe(), switch (t.status()) {
                    case FAILED -> Verdict.CAUGHT;
                    case PASSED -> Verdict.CLEAN;
                    case ERROR, SKIPPED -> Verdict.ERROR;
                });
                if (t.notApplicable()) {
                    na.add(t.probe());
                }
            }
            for (String p : probes) {
                cells.putIfAbsent(p, Verdict.ERROR);
            }
            List<String> problems = new ArrayList<>(run.problems());
            List<String> errors = probesWith(cells, Verdict.ERROR);
            if (!errors.isEmpty()) {
                problems.add("probes errored: " + String.join(", ", errors));
            }
            String verdict = Verdict.of("correct".equals(run.kind()), run.failureClass(),
                    probesWith(cells, Verdict.CAUGHT), problems, arch);
            rows.add(new Row(run.manager(), run.kind(), run.failureClass(), cells, na, verdict, samples));
        }
        return Sensitivity.of(arch, mode, List.copyOf(probes), rows, widenMicros);
    }

    /** How many of a test's samples (every configuration) showed a forbidden outcome, of how many. */
    static Samples samplesOf(Test t) {
        long forbidden = t.configurations().stream().flatMap(c -> c.outcomes().stream())
                .filter(Outcome::forbidden).mapToLong(Outcome::count).sum();
        return new Samples(forbidden, t.samples());
    }

    /** The line that says whether a figure had help: every printed matrix and summary carries it. */
    public static String widening(Long widenMicros) {
        return widenMicros == null ? "widening not recorded"
                : widenMicros > 0 ? "widened: " + widenMicros + " µs — not an unaided figure"
                : "unaided (no widening)";
    }

    /** A cell as printed: {@code X 3/32}, {@code .}, {@code E}, {@code -}. */
    private static String mark(Row r, String probe) {
        String cell = r.cells().get(probe);
        if (Verdict.CAUGHT.equals(cell)) {
            Samples n = r.samples() == null ? null : r.samples().get(probe);
            return n == null ? "X" : "X " + count(n.forbidden()) + "/" + count(n.total());
        }
        if (Verdict.ERROR.equals(cell)) {
            return "E";
        }
        return r.notApplicable().contains(probe) ? "-" : ".";
    }

    /** A sample count short enough for a cell: 32, 9876, 12k, 3.4M. */
    static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return n / 1000 + "k";
        }
        return String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0);
    }

    private static List<String> probesWith(Map<String, String> cells, String value) {
        return cells.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).toList();
    }

    /**
     * Prints the matrix as a table, with a legend of the probe columns and the verdict. A caught cell shows
     * how many samples showed a forbidden outcome of how many ({@code X 3/32}): one catch in 32 is fragile.
     */
    public static void print(Sensitivity s, PrintStream out) {
        print(s, Map.of(), out);
    }

    /**
     * As {@link #print(Sensitivity, PrintStream)}; the legend names the probes of {@code budgets} with the
     * larger budget they ran with (probe → extra JCStress arguments, {@link ProbeBudgets}), so that a reader
     * sees that their column took more samples than the others.
     */
    public static void print(Sensitivity s, Map<String, List<String>> budgets, PrintStream out) {
        List<String> probes = s.probes();
        List<Row> rows = s.rows();
        int nameWidth = Math.max(7, rows.stream().mapToInt(r -> r.manager().length()).max().orElse(7));
        List<List<String>> marks = rows.stream().map(r -> probes.stream().map(p -> mark(r, p)).toList()).toList();
        int[] widths = new int[probes.size()];
        for (int i = 0; i < probes.size(); i++) {
            widths[i] = ("P" + (i + 1)).length();
            for (List<String> m : marks) {
                widths[i] = Math.max(widths[i], m.get(i).length());
            }
        }
        out.println();
        out.println("Sensitivity matrix (" + s.mode() + " mode, " + s.arch() + ", " + widening(s.widenMicros())
                + "): X caught (forbidden samples/all samples), . clean, E error, - not applicable");
        for (int i = 0; i < probes.size(); i++) {
            List<String> extra = budgets.get(probes.get(i));
            out.printf("  P%d %s%s%n", i + 1, probes.get(i), extra == null ? ""
                    : "  (larger budget: " + String.join(" ", extra) + ", its own JCStress invocation)");
        }
        StringBuilder head = new StringBuilder(String.format("%-" + nameWidth + "s  %-7s  %-5s ", "MANAGER", "KIND", "CLASS"));
        for (int i = 0; i < probes.size(); i++) {
            head.append(String.format(" %-" + widths[i] + "s", "P" + (i + 1)));
        }
        out.println(head.append("  VERDICT"));
        for (int row = 0; row < rows.size(); row++) {
            Row r = rows.get(row);
            StringBuilder line = new StringBuilder(String.format("%-" + nameWidth + "s  %-7s  %-5s ", r.manager(), r.kind(),
                    r.failureClass() == null ? "-" : r.failureClass()));
            for (int i = 0; i < probes.size(); i++) {
                line.append(String.format(" %-" + widths[i] + "s", marks.get(row).get(i)));
            }
            out.println(line.append("  ").append(r.verdict()));
        }
        long correct = rows.stream().filter(Row::correct).count();
        long correctClean = rows.stream().filter(r -> r.correct() && Verdict.CLEAN.equals(r.verdict())).count();
        long notObserved = rows.stream().filter(r -> Verdict.isNotObserved(r.verdict())).count();
        out.printf("%nVerdict: %s — correct paths clean: %d of %d; defects caught: %d of %d%s%n",
                s.hasErrors() ? "ERROR" : s.exitCode() == 0 ? "HOLDS" : "DOES NOT HOLD", correctClean, correct,
                s.defectsCaught(), s.defects(), notObserved > 0 ? " (" + notObserved + " not observed on " + s.arch() + ")" : "");
        if (notObserved > 0) {
            out.println("Not observed on " + s.arch() + ": failure class " + Verdict.JMM_CLASS + " only, exempt from"
                    + " \"caught\": its race needs a store reordering this hardware may never perform (x86 is TSO);"
                    + " not counted as caught, not a failure.");
        }
        if (s.defects() == 0) {
            out.println("Note: no defect providers were found, so nothing shows that the probes can catch anything;"
                    + " pass a plugin with seeded defects (--plugin) or merge the defect.* providers.");
        }
    }
}
