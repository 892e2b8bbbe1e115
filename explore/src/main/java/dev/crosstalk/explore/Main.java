package dev.crosstalk.explore;

import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ManagerProviders;
import dev.crosstalk.results.archive.ExploreResults;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The explore instrument's entry point, started by the harness in a child JVM with {@link #JVM_FLAGS}:
 *
 * <pre>
 * java FLAGS -cp explore.jar[:plugin.jar…] dev.crosstalk.explore.Main (--managers NAME[,NAME…] | --all)
 *      [--scenarios REGEX] [--budget N] [--time SECONDS] [--seed S] --out FILE
 * java FLAGS -cp explore.jar[:plugin.jar…] dev.crosstalk.explore.Main --replay TOKEN --out FILE
 * </pre>
 *
 * Providers are found with {@link ManagerProviders#discover()} on the class path. Writes FILE as
 * {@link ExploreResults}, one row per manager × scenario. Exit 0 when FILE was written (whatever was found), 2 for
 * bad arguments, 3 when it could not run.
 */
public final class Main {

    /** The JVM flags the harness must pass: Lincheck attaches its agent to this JVM and reads JDK internals. */
    public static final List<String> JVM_FLAGS = List.of("-Djdk.attach.allowAttachSelf=true",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.util=ALL-UNNAMED",
            "--add-exports", "java.base/sun.security.action=ALL-UNNAMED");

    /**
     * Interleavings per manager × scenario by default, shared among the scenario's thread start orders (up to 6):
     * enough for every seeded race observable under sequential consistency (docs/explore.md, the matrix).
     */
    public static final int DEFAULT_BUDGET = 120;
    /** Time cap per manager × scenario by default, in seconds: a bound on a slow machine, not the usual limit. */
    public static final double DEFAULT_TIME_SECONDS = 90;

    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CANNOT_RUN = 3;

    /** Parsed arguments. {@code replay} is set for a replay run, otherwise the selection. */
    record Arguments(List<String> managers, boolean all, Pattern scenarios, int budget, Double timeSeconds,
                     long seed, boolean seedGiven, ReplayToken replay, Path out) {
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the instrument; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments a;
        try {
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
                out.println(usage());
                return EXIT_OK;
            }
            a = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("explore: " + e.getMessage());
            err.println(usage());
            return EXIT_USAGE;
        }
        ManagerProviders providers;
        try {
            providers = ManagerProviders.discover();
        } catch (RuntimeException e) {
            err.println("explore: cannot load the manager providers: " + e.getMessage());
            return EXIT_CANNOT_RUN;
        }
        List<ManagerProvider> selected = new ArrayList<>();
        List<Scenario> scenarios;
        try {
            if (a.replay() != null) {
                selected.add(providers.byName(a.replay().manager()));
                scenarios = List.of(Scenarios.byName(a.replay().scenario()));
                a.replay().order(scenarios.get(0)); // a token whose order does not fit the scenario is bad input
            } else {
                if (a.all()) {
                    selected.addAll(providers.all());
                } else {
                    for (String name : a.managers()) {
                        selected.add(providers.byName(name));
                    }
                }
                scenarios = Scenarios.matching(a.scenarios());
                if (scenarios.isEmpty()) {
                    throw new IllegalArgumentException("--scenarios " + a.scenarios() + " matches no scenario; known: "
                            + Scenarios.all().stream().map(Scenario::name).toList());
                }
            }
        } catch (NoSuchElementException | IllegalArgumentException e) {
            err.println("explore: " + e.getMessage());
            return EXIT_USAGE;
        }

        long seed = a.replay() != null ? a.replay().seed() : a.seed();
        long budget = a.replay() != null ? a.replay().interleavings() : a.budget();
        Duration cap = a.replay() != null || a.timeSeconds() == null ? null
                : Duration.ofMillis((long) (a.timeSeconds() * 1000));
        out.println("explore: engine " + Explorer.ENGINE + ", seed " + seed + ", budget " + budget
                + " interleavings per scenario" + (cap == null ? "" : ", at most " + a.timeSeconds() + " s each")
                + (a.replay() != null ? ", replaying " + a.replay() : ""));
        String started = Instant.now().toString();
        List<ExploreResults.Row> rows = new ArrayList<>();
        try {
            for (ManagerProvider provider : selected) {
                for (Scenario scenario : scenarios) {
                    Outcome o = a.replay() != null ? Explorer.replay(provider, scenario, a.replay())
                            : Explorer.explore(provider, scenario, seed, budget, cap);
                    out.printf("explore %s %s: %s (%d interleavings, %.2f s)%n", provider.name(), scenario.name(),
                            o.outcome(), o.interleavings(), o.seconds());
                    if (o.failure() != null && !o.outcome().equals(ExploreResults.CLEAN)) {
                        out.println("  " + o.failure());
                    }
                    o.trace().forEach(line -> out.println("    " + line));
                    if (o.replay() != null) {
                        out.println("  replay: " + o.replay());
                    }
                    rows.add(new ExploreResults.Row(provider.name(), provider.kind().label(),
                            provider.failureClass().map(f -> f.label()).orElse(null), scenario.name(), o.outcome(),
                            o.interleavings(), o.seconds(), o.failure(), o.trace(), o.replay()));
                }
            }
            ExploreResults results = new ExploreResults(ExploreResults.SCHEMA, ExploreResults.INSTRUMENT,
                    Explorer.ENGINE, seed, a.replay() != null ? null : a.budget(), cap == null ? null : a.timeSeconds(),
                    started, Instant.now().toString(), rows);
            results.write(a.out());
            out.println("explore: wrote " + a.out());
            return EXIT_OK;
        } catch (IOException | RuntimeException | LinkageError e) {
            err.println("explore: could not run: " + e);
            return EXIT_CANNOT_RUN;
        }
    }

    static Arguments parse(String[] args) {
        List<String> managers = new ArrayList<>();
        boolean all = false;
        Pattern scenarios = Pattern.compile(".*");
        Integer budget = null;
        Double time = null;
        Long seed = null;
        ReplayToken replay = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--all" -> all = true;
                case "--managers" -> {
                    for (String m : value(args, ++i, flag).split(",")) {
                        if (!m.isBlank()) {
                            managers.add(m.strip());
                        }
                    }
                }
                case "--scenarios" -> {
                    String regex = value(args, ++i, flag);
                    try {
                        scenarios = Pattern.compile(regex);
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException("--scenarios is not a valid regex: " + e.getDescription());
                    }
                }
                case "--budget" -> budget = (int) positive(value(args, ++i, flag), flag);
                case "--time" -> {
                    try {
                        time = Double.parseDouble(value(args, ++i, flag));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--time takes seconds, got " + args[i]);
                    }
                    if (!(time > 0) || time.isInfinite()) {
                        throw new IllegalArgumentException("--time must be positive, got " + args[i]);
                    }
                }
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(value(args, ++i, flag));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed takes an integer, got " + args[i]);
                    }
                }
                case "--replay" -> replay = ReplayToken.parse(value(args, ++i, flag));
                case "--out" -> out = Path.of(value(args, ++i, flag));
                default -> throw new IllegalArgumentException("unknown argument " + flag);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        if (replay != null) {
            if (all || !managers.isEmpty()) {
                throw new IllegalArgumentException("--replay takes no --managers or --all: the token names the manager");
            }
        } else if (all == !managers.isEmpty()) {
            throw new IllegalArgumentException(all ? "give --managers or --all, not both"
                    : "give --managers NAME[,NAME…] or --all (or --replay TOKEN)");
        }
        // --budget N | --time D: whichever is given bounds the search alone (a budget with no time cap explores the
        // same interleavings however busy the machine is); neither gives a small budget under a time cap
        if (budget == null && time == null) {
            budget = DEFAULT_BUDGET;
            time = DEFAULT_TIME_SECONDS;
        } else if (budget == null) {
            budget = Integer.MAX_VALUE;
        }
        long s = seed != null ? seed : new SecureRandom().nextLong();
        return new Arguments(List.copyOf(managers), all, scenarios, budget, time, s, seed != null, replay, out);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static long positive(String v, String flag) {
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new IllegalArgumentException(flag + " must be at least 1, got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a positive integer, got " + v);
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: java " + String.join(" ", JVM_FLAGS) + " -cp explore.jar[:plugin.jar…] dev.crosstalk.explore.Main",
                "         (--managers NAME[,NAME…] | --all) [--scenarios REGEX] [--budget N] [--time SECONDS]"
                        + " [--seed S] --out FILE",
                "       … dev.crosstalk.explore.Main --replay TOKEN --out FILE",
                "",
                "Explores interleavings of each manager × scenario with " + Explorer.ENGINE
                        + " (bytecode instrumentation, no hook) and writes explore/results.json rows to FILE.",
                "  --budget N      interleavings per manager × scenario, shared among its thread start orders; no time cap",
                "  --time SECONDS  time cap per manager × scenario, no budget",
                "                  (neither: " + DEFAULT_BUDGET + " interleavings under a " + (long) DEFAULT_TIME_SECONDS
                        + " s cap)",
                "  --seed S        which start order is searched first, and the order of the others (default: random;"
                        + " always printed and recorded)",
                "  --replay TOKEN  MANAGER/SCENARIO/SEED/ORDER/N from a violation: reproduces it",
                "JVM flags the caller must pass: " + String.join(" ", JVM_FLAGS),
                "scenarios: " + String.join(", ", Scenarios.all().stream().map(Scenario::name).toList()),
                "exit: 0 FILE written (whatever was found), 2 bad arguments, 3 could not run");
    }
}
