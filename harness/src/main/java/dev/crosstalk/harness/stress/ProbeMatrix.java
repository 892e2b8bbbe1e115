package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Sensitivity.Row;
import dev.crosstalk.results.archive.StressResults.Test;
import dev.crosstalk.results.archive.Verdict;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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

    /** The order the columns are shown in (the order); probes not listed follow, by name. */
    static final List<String> PREFERRED_ORDER = List.of("factory-singleton", "same-user-creation", "different-users",
            "register-vs-emit", "concurrent-emits", "reconnect-vs-queued", "evict-vs-send", "connection-churn",
            "publication");

    private ProbeMatrix() {
    }

    /** The matrix of {@code runs}, whose samples ran on {@code arch} in JCStress mode {@code mode}. */
    public static Sensitivity of(List<ManagerRun> runs, String arch, String mode) {
        Set<String> found = new TreeSet<>();
        runs.forEach(r -> r.tests().forEach(t -> found.add(t.probe())));
        Set<String> probes = new LinkedHashSet<>();
        PREFERRED_ORDER.stream().filter(found::contains).forEach(probes::add);
        probes.addAll(found);
        List<Row> rows = new ArrayList<>();
        for (ManagerRun run : runs) {
            Map<String, String> cells = new LinkedHashMap<>();
            List<String> na = new ArrayList<>();
            for (Test t : run.tests()) {
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
            rows.add(new Row(run.manager(), run.kind(), run.failureClass(), cells, na, verdict));
        }
        return Sensitivity.of(arch, mode, List.copyOf(probes), rows);
    }

    private static List<String> probesWith(Map<String, String> cells, String value) {
        return cells.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).toList();
    }

    /** Prints the matrix as a table, with a legend of the probe columns and the verdict. */
    public static void print(Sensitivity s, PrintStream out) {
        List<String> probes = s.probes();
        List<Row> rows = s.rows();
        int nameWidth = Math.max(7, rows.stream().mapToInt(r -> r.manager().length()).max().orElse(7));
        out.println();
        out.println("Sensitivity matrix (" + s.mode() + " mode, " + s.arch()
                + "): X caught, . clean, E error, - not applicable");
        for (int i = 0; i < probes.size(); i++) {
            out.printf("  P%d %s%n", i + 1, probes.get(i));
        }
        StringBuilder head = new StringBuilder(String.format("%-" + nameWidth + "s  %-7s  %-5s ", "MANAGER", "KIND", "CLASS"));
        for (int i = 0; i < probes.size(); i++) {
            head.append(String.format(" %-3s", "P" + (i + 1)));
        }
        out.println(head.append("  VERDICT"));
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format("%-" + nameWidth + "s  %-7s  %-5s ", r.manager(), r.kind(),
                    r.failureClass() == null ? "-" : r.failureClass()));
            for (String p : probes) {
                String mark = switch (r.cells().get(p)) {
                    case Verdict.CAUGHT -> "X";
                    case Verdict.ERROR -> "E";
                    default -> r.notApplicable().contains(p) ? "-" : ".";
                };
                line.append(String.format(" %-3s", mark));
            }
            out.println(line.append("  ").append(r.verdict()));
        }
        long correct = rows.stream().filter(Row::correct).count();
        long correctClean = rows.stream().filter(r -> r.correct() && Verdict.CLEAN.equals(r.verdict())).count();
        long notObserved = rows.stream().filter(r -> Verdict.isNotObserved(r.verdict())).count();
        out.printf("%nVerdict: %s — correct paths clean: %d of %d; defects caught: %d of %d%s%n",
                s.hasErrors() ? "ERROR" : s.exitCode() == 0 ? "HOLDS" : "DOES NOT HOLD", correctClean, correct,
                s.defectsCaught(), s.defects(), notObserved > 0 ? " (" + notObserved + " not observed on " + s.arch() + ")" : "");
        if (s.defects() == 0) {
            out.println("Note: no defect providers were found, so nothing shows that the probes can catch anything;"
                    + " pass a plugin with seeded defects (--plugin) or merge the defect.* providers.");
        }
    }
}
