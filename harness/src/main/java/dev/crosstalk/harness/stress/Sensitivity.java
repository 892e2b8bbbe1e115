package dev.crosstalk.harness.stress;

import dev.crosstalk.harness.stress.StressResults.TestRecord;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sensitivity matrix of an {@code --all} run: manager × probe, caught / clean / error, and a
 * verdict. It holds when every correct path is clean and every defect is caught by at least one
 * probe; a defect of failure class {@code jmm} that no probe caught is "not observed on ARCH" (the
 * hardware may not reorder what it needs), never "caught", and does not break the verdict.
 *
 * <p>Errors: a correct path with an errored probe cannot be vouched for (verdict "error: ..."); a
 * defect caught by some probe stays caught even if another probe errored on it (often the defect's
 * own breakage), its errors listed; a defect with no catch and an error is "error: ...".
 */
public record Sensitivity(String arch, String mode, List<String> probes, List<Row> rows) {

    public static final String CAUGHT = "caught";
    public static final String CLEAN = "clean";
    public static final String ERROR = "error";

    /** One manager's row. {@code cells}: probe → caught | clean | error. */
    public record Row(String manager, String kind, String failureClass, Map<String, String> cells,
                      List<String> notApplicable, String verdict) {
        public boolean correct() {
            return "correct".equals(kind);
        }
    }

    /** The order the columns are shown in (the order); probes not listed follow, by name. */
    static final List<String> PREFERRED_ORDER = List.of("factory-singleton", "same-user-creation", "different-users",
            "register-vs-emit", "concurrent-emits", "reconnect-vs-queued", "evict-vs-send", "connection-churn",
            "publication");

    public static Sensitivity of(List<ManagerRun> runs, String arch, String mode) {
        Set<String> found = new java.util.TreeSet<>();
        runs.forEach(r -> r.tests().forEach(t -> found.add(t.probe())));
        Set<String> probes = new LinkedHashSet<>();
        PREFERRED_ORDER.stream().filter(found::contains).forEach(probes::add);
        probes.addAll(found);
        List<Row> rows = new ArrayList<>();
        for (ManagerRun run : runs) {
            Map<String, String> cells = new LinkedHashMap<>();
            List<String> na = new ArrayList<>();
            for (TestRecord t : run.tests()) {
                cells.put(t.probe(), switch (t.status()) {
                    case FAILED -> CAUGHT;
                    case PASSED -> CLEAN;
                    case ERROR, SKIPPED -> ERROR;
                });
                if (t.notApplicable()) {
                    na.add(t.probe());
                }
            }
            for (String p : probes) {
                cells.putIfAbsent(p, ERROR);
            }
            rows.add(new Row(run.manager(), run.kind(), run.failureClass(), cells, na, verdict(run, cells, arch)));
        }
        return new Sensitivity(arch, mode, List.copyOf(probes), rows);
    }

    private static String verdict(ManagerRun run, Map<String, String> cells, String arch) {
        List<String> caught = probesWith(cells, CAUGHT);
        List<String> errors = probesWith(cells, ERROR);
        boolean correct = "correct".equals(run.kind());
        if (correct) {
            if (!caught.isEmpty()) {
                return "FAILED: a correct path showed forbidden outcomes in " + String.join(", ", caught);
            }
            if (!errors.isEmpty() || !run.problems().isEmpty()) {
                return "error: " + describeErrors(errors, run.problems());
            }
            return CLEAN;
        }
        if (!caught.isEmpty()) {
            return CAUGHT;
        }
        if (!errors.isEmpty() || !run.problems().isEmpty()) {
            return "error: " + describeErrors(errors, run.problems());
        }
        if ("jmm".equals(run.failureClass())) {
            return "not observed on " + arch;
        }
        return "FAILED: no probe caught this defect";
    }

    private static String describeErrors(List<String> errors, List<String> problems) {
        List<String> parts = new ArrayList<>(problems);
        if (!errors.isEmpty()) {
            parts.add("probes errored: " + String.join(", ", errors));
        }
        return String.join("; ", parts);
    }

    private static List<String> probesWith(Map<String, String> cells, String value) {
        return cells.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).toList();
    }

    /** Every correct path clean and every defect caught or (jmm only) not observed. */
    public boolean holds() {
        return rows.stream().allMatch(r -> r.correct() ? r.verdict().equals(CLEAN)
                : r.verdict().equals(CAUGHT) || r.verdict().startsWith("not observed on "));
    }

    /** Whether a row's verdict is an error (the matrix cannot be trusted there). */
    public boolean hasErrors() {
        return rows.stream().anyMatch(r -> r.verdict().startsWith("error"));
    }

    /** 0 the verdict holds, 1 a correct path failed or an observable defect went uncaught, 2 errors. */
    public int exitCode() {
        return hasErrors() ? 2 : holds() ? 0 : 1;
    }

    public long defects() {
        return rows.stream().filter(r -> !r.correct()).count();
    }

    public long defectsCaught() {
        return rows.stream().filter(r -> !r.correct() && r.verdict().equals(CAUGHT)).count();
    }

    /** Prints the matrix as a table, with a legend of the probe columns and the verdict. */
    public void print(PrintStream out) {
        int nameWidth = Math.max(7, rows.stream().mapToInt(r -> r.manager().length()).max().orElse(7));
        out.println();
        out.println("Sensitivity matrix (" + mode + " mode, " + arch + "): X caught, . clean, E error, - not applicable");
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
                String cell = r.cells().get(p);
                String mark = switch (cell) {
                    case CAUGHT -> "X";
                    case ERROR -> "E";
                    default -> r.notApplicable().contains(p) ? "-" : ".";
                };
                line.append(String.format(" %-3s", mark));
            }
            out.println(line.append("  ").append(r.verdict()));
        }
        long correct = rows.stream().filter(Row::correct).count();
        long correctClean = rows.stream().filter(r -> r.correct() && r.verdict().equals(CLEAN)).count();
        long notObserved = rows.stream().filter(r -> r.verdict().startsWith("not observed")).count();
        out.printf("%nVerdict: %s — correct paths clean: %d of %d; defects caught: %d of %d%s%n",
                hasErrors() ? "ERROR" : holds() ? "HOLDS" : "DOES NOT HOLD", correctClean, correct, defectsCaught(),
                defects(), notObserved > 0 ? " (" + notObserved + " not observed on " + arch + ")" : "");
        if (defects() == 0) {
            out.println("Note: no defect providers were found, so nothing shows that the probes can catch anything;"
                    + " pass a plugin with seeded defects (--plugin) or merge the defect.* providers.");
        }
    }
}
