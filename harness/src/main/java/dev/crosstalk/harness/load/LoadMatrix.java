package dev.crosstalk.harness.load;

import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ProviderKind;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Verdict;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code crosstalk load --all}: the load sensitivity matrix. Every provider runs one small bounded load
 * per column — every {@link Scenario} with tame and with adversarial ids — on the embedded server, with
 * no interleaving hook and no widening (the driver never installs one). A cell is {@code caught} when
 * its load counted a finding (leak, loss, order, duplicate, refusal), {@code clean} when it exited 0,
 * {@code error} when it could not run or complete. Each row is judged by results' {@link Verdict}:
 * a correct path must be clean in every column, a seeded defect caught in at least one. The matrix is
 * results' {@link Sensitivity}, written to {@value #FILE} in the output directory, each cell's own
 * files under {@code <manager>/<column>/}.
 *
 * <p>Runs on the calling thread, one load at a time (each is bounded by its config's hard deadline).
 */
public final class LoadMatrix {

    public static final String FILE = "matrix.json";

    /**
     * The first-use cell: {@code users} fresh users whose {@code tabs} open at once, spread over {@code rampUp}
     * (measured: docs/load.md), run in up to {@code rounds} rounds, each on a freshly started server, until one
     * catches. A creation race whose window is a few instructions wide shows in a fraction of bursts (measured:
     * {@code early-publication} in about 1 round in 3), so one round is a coin toss and each more round shrinks the
     * miss; a correct path runs them all ({@code load --all --first-use-rounds N}).
     */
    public record FirstUse(int users, int tabs, Duration rampUp, int rounds) {
        public static final int DEFAULT_ROUNDS = 4;
        public static final FirstUse DEFAULT = new FirstUse(500, 8, Duration.ofSeconds(20), DEFAULT_ROUNDS);

        public FirstUse {
            if (users < 1 || tabs < 2 || rounds < 1) {
                throw new IllegalArgumentException("a first-use cell needs users >= 1, tabs >= 2 and rounds >= 1, got "
                        + users + ", " + tabs + ", " + rounds);
            }
        }

        public FirstUse withRounds(int n) {
            return new FirstUse(users, tabs, rampUp, n);
        }
    }

    /** One column: a scenario and an id style. */
    public record Column(Scenario scenario, Identities.Style ids) {
        public String label() {
            return scenario.label() + "/" + ids.label();
        }

        /**
         * The column labelled {@code label} ({@code churn/adversarial}), one of {@link #COLUMNS}.
         *
         * @throws IllegalArgumentException naming the label and the columns there are
         */
        public static Column parse(String label) {
            String wanted = label.trim().toLowerCase(Locale.ROOT);
            return COLUMNS.stream().filter(c -> c.label().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown load matrix column \"" + label.trim()
                            + "\": expected one of " + COLUMNS.stream().map(Column::label).toList()));
        }
    }

    /**
     * Every scenario but first-use with tame then adversarial ids, then first-use with tame ids: its burst is a
     * timing race, which odd ids do not change, and at 25 s a cell it is the costliest column.
     */
    public static final List<Column> COLUMNS = columns();

    private LoadMatrix() {
    }

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        for (Identities.Style ids : Identities.Style.values()) {
            for (Scenario s : Scenario.values()) {
                if (s != Scenario.FIRST_USE) {
                    c.add(new Column(s, ids));
                }
            }
        }
        c.add(new Column(Scenario.FIRST_USE, Identities.Style.TAME));
        return List.copyOf(c);
    }

    /**
     * The cell's load: small and bounded. 16 users (two groups of every adversarial id family) with two
     * tabs and 4 runs each; pressure: 2 users with 22 tabs, past the factory's limit of 20 managers;
     * first-use: 500 fresh users whose 8 tabs each open at once, spread over 20 s (a user's tabs race to create
     * its manager once, so the burst needs many users; spread out so that the server is not backlogged and a
     * user's upgrades meet idle threads), one run per tab, a 10 s run timeout so that a busy machine's delays
     * are not losses; on a server freshly started in a child JVM when the provider can be looked up there
     * ({@code freshServer}): first use happens on a freshly deployed server, not on one that has served every
     * other cell of the matrix.
     */
    static LoadConfig cell(ManagerProvider p, Column c, FirstUse fu, Path out, List<Path> plugins, boolean freshServer,
                           int round) {
        Path dir = out.resolve(safe(p.name())).resolve(c.scenario().label() + "-" + c.ids().label());
        if (round > 0) {
            dir = dir.resolve("round-" + round);
        }
        if (c.scenario() == Scenario.FIRST_USE) {
            return LoadConfig.builder().manager(p.name()).scenario(c.scenario()).ids(c.ids().label())
                    .users(fu.users()).sessionsPerUser(fu.tabs()).runsPerSession(1)
                    .rampUp(fu.rampUp()).eventLoops(2).runTimeout(Duration.ofSeconds(10))
                    .connectTimeout(Duration.ofSeconds(20)).deadline(Duration.ofSeconds(120))
                    .linger(Duration.ofMillis(200)).serverMode(freshServer ? "child" : "in-process").plugins(plugins)
                    .out(dir).build();
        }
        boolean pressure = c.scenario() == Scenario.PRESSURE;
        return LoadConfig.builder().manager(p.name()).scenario(c.scenario()).ids(c.ids().label())
                .users(pressure ? 2 : 16).sessionsPerUser(pressure ? 22 : 2).runsPerSession(4).churnEvery(2)
                .eventLoops(2).runTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(10))
                .deadline(Duration.ofSeconds(60)).linger(Duration.ofMillis(200)).serverMode("in-process")
                .plugins(plugins).out(dir).build();
    }

    /**
     * Every column of {@link #COLUMNS}, judged standalone (as {@code crosstalk load --all}): a seeded defect the load
     * misses fails its row.
     */
    public static Sensitivity run(List<ManagerProvider> providers, Path out, List<Path> plugins, PrintStream progress,
                                  CompletableFuture<Void> stop) throws IOException {
        return run(providers, COLUMNS, out, plugins, progress, stop, Map.of());
    }

    /**
     * Runs every cell of every provider; {@code stop} ends it early (the rows done so far are judged, the
     * rest are errors). Writes {@value #FILE} into {@code out} and returns the matrix.
     *
     * @param columns         the columns, a subset of {@link #COLUMNS} in its order (a profile's budget)
     * @param caughtElsewhere defect → what else caught it in the same run ({@code "stress (publication)"}): a defect the
     *                        load misses is then {@link Verdict#CAUGHT_ELSEWHERE} ({@link Verdict#ofLoad}); empty
     *                        standalone
     */
    public static Sensitivity run(List<ManagerProvider> providers, List<Column> columns, Path out, List<Path> plugins,
                                  PrintStream progress, CompletableFuture<Void> stop,
                                  Map<String, List<String>> caughtElsewhere) throws IOException {
        return run(providers, columns, FirstUse.DEFAULT, out, plugins, progress, stop, caughtElsewhere);
    }

    /** As {@link #run(List, List, Path, List, PrintStream, CompletableFuture, Map)}, with the first-use cell's size. */
    public static Sensitivity run(List<ManagerProvider> providers, List<Column> columns, FirstUse firstUse, Path out,
                                  List<Path> plugins, PrintStream progress, CompletableFuture<Void> stop,
                                  Map<String, List<String>> caughtElsewhere) throws IOException {
        List<Sensitivity.Row> rows = new ArrayList<>();
        // What a child JVM can look up by name (built in, or in the plugin jars it is given); a provider handed in
        // otherwise (a test's) has its first-use cell on the in-process server.
        Set<String> inChild = new HashSet<>();
        Plugins.resolve(plugins, null).all().forEach(p -> inChild.add(p.name()));
        for (ManagerProvider p : providers) {
            Map<String, String> cells = new LinkedHashMap<>();
            List<String> caught = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Column c : columns) {
                if (stop != null && stop.isDone()) {
                    cells.put(c.label(), Verdict.ERROR);
                    problems.add(c.label() + ": interrupted");
                    continue;
                }
                int rounds = c.scenario() == Scenario.FIRST_USE ? firstUse.rounds() : 1;
                String cell = Verdict.CLEAN;
                for (int round = 1; round <= rounds && cell.equals(Verdict.CLEAN); round++) {
                    if (round > 1 && stop != null && stop.isDone()) {
                        break; // the rounds run so far stand
                    }
                    LoadResult r = LoadDriver.run(cell(p, c, firstUse, out, plugins, inChild.contains(p.name()),
                            rounds > 1 ? round : 0), p, null, stop);
                    cell = r.exitCode() == 1 ? Verdict.CAUGHT : r.exitCode() == 0 ? Verdict.CLEAN : Verdict.ERROR;
                    String which = rounds > 1 ? "round " + round + " of " + rounds + ": " : "";
                    if (cell.equals(Verdict.CAUGHT)) {
                        caught.add(c.label() + " (" + which + findings(r) + ")");
                    } else if (cell.equals(Verdict.ERROR)) {
                        problems.add(c.label() + ": " + which + r.problem());
                    }
                    if (progress != null) {
                        progress.printf(Locale.ROOT, "  %-36s %-32s %-7s %s%n", p.name(),
                                c.label() + (rounds > 1 ? " #" + round : ""), cell, cell.equals(Verdict.CLEAN) ? ""
                                        : cell.equals(Verdict.CAUGHT) ? findings(r) : r.problem());
                    }
                }
                cells.put(c.label(), cell);
            }
            boolean correct = p.kind() == ProviderKind.CORRECT;
            String failureClass = p.failureClass().map(FailureClass::label).orElse(null);
            String verdict = Verdict.ofLoad(correct, failureClass, caught, problems, System.getProperty("os.arch"),
                    caughtElsewhere.getOrDefault(p.name(), List.of()));
            rows.add(new Sensitivity.Row(p.name(), correct ? "correct" : "defect", failureClass, cells, List.of(),
                    verdict));
        }
        List<String> labels = columns.stream().map(Column::label).toList();
        // Unaided: the load driver never installs an interleaving hook, so nothing is widened (0 µs).
        Sensitivity s = Sensitivity.of(System.getProperty("os.arch"), "load", labels, rows, 0L);
        s.write(out.resolve(FILE));
        return s;
    }

    /** The nonzero findings of a load, e.g. {@code losses 12, leaks 3}. */
    static String findings(LoadResult r) {
        List<String> parts = new ArrayList<>();
        r.loadSummary().findings().forEach((k, v) -> {
            if (v > 0) {
                parts.add(k + " " + v);
            }
        });
        return String.join(", ", parts);
    }

    /** Prints the matrix: one line per row, one column per cell. */
    public static void print(Sensitivity s, PrintWriter out) {
        out.println("Load sensitivity matrix (" + s.arch() + ", unaided: no hook, no widening)");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-36s %-7s", "manager", "class"));
        for (int i = 0; i < s.probes().size(); i++) {
            head.append(String.format(Locale.ROOT, " %-3s", "c" + (i + 1)));
        }
        out.println(head.append("  verdict"));
        for (Sensitivity.Row r : s.rows()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-36s %-7s", r.manager(),
                    r.failureClass() == null ? "-" : r.failureClass()));
            for (String col : s.probes()) {
                String cell = r.cells().get(col);
                line.append(String.format(Locale.ROOT, " %-3s", Verdict.CAUGHT.equals(cell) ? "X"
                        : Verdict.CLEAN.equals(cell) ? "." : "E"));
            }
            out.println(line.append("  ").append(r.verdict()));
        }
        for (int i = 0; i < s.probes().size(); i++) {
            out.println("  c" + (i + 1) + " = " + s.probes().get(i));
        }
        out.println("  X caught (a finding), . clean, E error; matrix " + (Boolean.TRUE.equals(s.holds()) ? "holds"
                : "does NOT hold") + ": " + s.defectsCaught() + " of " + s.defects() + " defects caught");
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
