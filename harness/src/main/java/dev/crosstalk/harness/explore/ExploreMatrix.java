package dev.crosstalk.harness.explore;

import dev.crosstalk.results.archive.ExploreResults;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Sensitivity.Row;
import dev.crosstalk.results.archive.Verdict;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the explore matrix of an all-providers run from the engine's rows (manager × scenario: caught, clean or
 * error; each row judged by {@link Verdict#ofExplore}), and prints it as a table like stress's. The matrix itself,
 * and its file {@code explore/matrix.json}, is results' {@link Sensitivity}: its probes are the scenarios.
 *
 * <p>A scenario that does not apply to a manager (it offers no eviction, say) is clean and listed as not
 * applicable; a scenario the engine has no row for, for a manager it has rows for, is an error: the matrix cannot
 * vouch for what was not run.
 */
public final class ExploreMatrix {

    private ExploreMatrix() {
    }

    /** The matrix of {@code results}, explored on {@code arch}. */
    public static Sensitivity of(ExploreResults results, String arch) {
        Set<String> scenarios = new LinkedHashSet<>();
        Map<String, List<ExploreResults.Row>> byManager = new LinkedHashMap<>();
        for (ExploreResults.Row r : results.results()) {
            scenarios.add(r.scenario());
            byManager.computeIfAbsent(r.manager(), m -> new ArrayList<>()).add(r);
        }
        List<Row> rows = new ArrayList<>();
        for (List<ExploreResults.Row> managerRows : byManager.values()) {
            ExploreResults.Row first = managerRows.get(0);
            Map<String, String> cells = new LinkedHashMap<>();
            List<String> na = new ArrayList<>();
            for (ExploreResults.Row r : managerRows) {
                cells.put(r.scenario(), switch (r.outcome() == null ? "" : r.outcome()) {
                    case ExploreResults.VIOLATION -> Verdict.CAUGHT;
                    case ExploreResults.CLEAN -> Verdict.CLEAN;
                    case ExploreResults.NOT_APPLICABLE -> {
                        na.add(r.scenario());
                        yield Verdict.CLEAN;
                    }
                    default -> Verdict.ERROR;
                });
            }
            List<String> problems = new ArrayList<>();
            List<String> missing = scenarios.stream().filter(s -> !cells.containsKey(s)).toList();
            missing.forEach(s -> cells.put(s, Verdict.ERROR));
            if (!missing.isEmpty()) {
                problems.add("not explored: " + String.join(", ", missing));
            }
            List<String> errored = managerRows.stream().filter(r -> Verdict.ERROR.equals(cells.get(r.scenario())))
                    .map(r -> r.scenario() + (r.failure() == null ? "" : " (" + r.failure() + ")")).toList();
            if (!errored.isEmpty()) {
                problems.add("scenarios errored: " + String.join(", ", errored));
            }
            List<String> caught = cells.entrySet().stream().filter(e -> Verdict.CAUGHT.equals(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            String verdict = Verdict.ofExplore("correct".equals(first.kind()), first.failureClass(), caught, problems);
            rows.add(new Row(first.manager(), first.kind(), first.failureClass(), cells, na, verdict));
        }
        return Sensitivity.of(arch, mode(results), List.copyOf(scenarios), rows);
    }

    /** How the scenarios were bounded, as the matrix's {@code mode}: {@code budget 1000, seed 42} or {@code 10 s, seed 42}. */
    static String mode(ExploreResults r) {
        String bound = r.budget() != null ? "budget " + r.budget()
                : r.timeSeconds() != null ? String.format(Locale.ROOT, "%s s", trim(r.timeSeconds())) : "default budget";
        return bound + ", seed " + r.seed();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Prints the matrix as a table, with a legend of the scenario columns and the verdict. */
    public static void print(Sensitivity s, PrintStream out) {
        List<String> scenarios = s.probes();
        List<Row> rows = s.rows();
        int nameWidth = Math.max(7, rows.stream().mapToInt(r -> r.manager().length()).max().orElse(7));
        out.println();
        out.println("Explore matrix (" + s.mode() + ", every interleaving under sequential consistency):"
                + " X caught, . clean, E error, - not applicable");
        for (int i = 0; i < scenarios.size(); i++) {
            out.printf("  S%d %s%n", i + 1, scenarios.get(i));
        }
        StringBuilder head = new StringBuilder(String.format("%-" + nameWidth + "s  %-7s  %-5s ", "MANAGER", "KIND", "CLASS"));
        for (int i = 0; i < scenarios.size(); i++) {
            head.append(String.format(" %-3s", "S" + (i + 1)));
        }
        out.println(head.append("  VERDICT"));
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format("%-" + nameWidth + "s  %-7s  %-5s ", r.manager(), r.kind(),
                    r.failureClass() == null ? "-" : r.failureClass()));
            for (String sc : scenarios) {
                String mark = switch (r.cells().getOrDefault(sc, Verdict.ERROR)) {
                    case Verdict.CAUGHT -> "X";
                    case Verdict.ERROR -> "E";
                    default -> r.notApplicable().contains(sc) ? "-" : ".";
                };
                line.append(String.format(" %-3s", mark));
            }
            out.println(line.append("  ").append(r.verdict()));
        }
        long correct = rows.stream().filter(Row::correct).count();
        long correctClean = rows.stream().filter(r -> r.correct() && Verdict.CLEAN.equals(r.verdict())).count();
        long notObservable = rows.stream().filter(r -> Verdict.isNotObserved(r.verdict())).count();
        out.printf("%nVerdict: %s — correct paths clean: %d of %d; defects caught: %d of %d%s%n",
                s.hasErrors() ? "ERROR" : s.exitCode() == 0 ? "HOLDS" : "DOES NOT HOLD", correctClean, correct,
                s.defectsCaught(), s.defects(),
                notObservable > 0 ? " (" + notObservable + " " + Verdict.NOT_OBSERVABLE_SC + ")" : "");
        if (s.defects() == 0) {
            out.println("Note: no defect providers were found, so nothing shows that the scenarios can catch anything;"
                    + " pass a plugin with seeded defects (--plugin) or merge the defect.* providers.");
        }
    }
}
