package dev.crosstalk.harness.bench;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.process.ChildJvm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crosstalk.results.archive.BenchSummary;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.BenchSummary.Row;
import dev.crosstalk.results.io.AtomicFiles;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs the JMH suite ({@code benchmarks.jar}) as a child JVM, as JMH expects (it forks JVMs
 * itself), and turns its output into {@code jmh.json}, {@code summary.json} and the comparison
 * table. The programmatic entry point of the bench instrument: {@code crosstalk bench} and
 * {@code crosstalk run} both call {@link #run}.
 *
 * <p>The child is started as {@code java <jvm options> -cp benchmarks.jar[:plugin jars]
 * org.openjdk.jmh.Main …} rather than with {@code -jar}: JMH starts its forks with the host's
 * class path ({@code java.class.path}) and JVM options, so the plugin jars and the heap settings
 * reach every fork, where the benchmarks look their {@code manager} up by name.
 *
 * <p>Always passes {@code -prof gc} (allocation per operation) and {@code -rf json}; never
 * passes {@code -t} (each benchmark fixes its own thread count).
 */
public final class BenchRunner {

    public static final String JMH_JSON = "jmh.json";
    public static final String JMH_LOG = "jmh.log";
    static final String JMH_JSON_PARTIAL = ".jmh.json.partial";
    public static final String JMH_MAIN = "org.openjdk.jmh.Main";

    private BenchRunner() {
    }

    /** The child JVM's command line for {@code config} (one round's, writing JMH's JSON to the partial file). */
    public static List<String> command(BenchConfig config) {
        return command(config, config.out().resolve(JMH_JSON_PARTIAL));
    }

    /** The child JVM's command line for one round of {@code config}, JMH's JSON going to {@code resultFile}. */
    static List<String> command(BenchConfig config, Path resultFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.java().toString());
        cmd.add(ChildJvm.watchdogAgent()); // JMH and its forks end with crosstalk, even on kill -9 (and free JMH's lock)
        cmd.addAll(config.jvmOptions());
        cmd.add("-cp");
        String plugins = config.plugins().classpath();
        cmd.add(config.benchmarksJar().toString() + (plugins.isEmpty() ? "" : File.pathSeparator + plugins));
        cmd.add(JMH_MAIN);
        cmd.add(config.selection());
        cmd.addAll(List.of("-prof", "gc"));
        cmd.addAll(List.of("-rf", "json", "-rff", resultFile.toString()));
        cmd.addAll(List.of("-p", "manager=" + String.join(",", config.effectiveManagers())));
        cmd.addAll(config.profile().jmhOptions());
        return cmd;
    }

    /**
     * Runs the suite: progress to {@code out} unless quiet, failures to {@code err}, the table to
     * {@code out}. Files go to {@code config.out()}.
     *
     * @throws UsageException for bad input: a missing jar, an unusable output folder
     */
    public static BenchResult run(BenchConfig config, PrintWriter out, PrintWriter err) {
        if (!Files.isRegularFile(config.benchmarksJar())) {
            throw new UsageException(config.benchmarksJar() + " is missing: build it with"
                    + " ./mvnw -B package -DskipTests (the ./crosstalk launcher does this for you)");
        }
        Path dir = config.out().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException("cannot create the output folder " + dir + ": " + e.getMessage(), e);
        }
        Path partial = dir.resolve(JMH_JSON_PARTIAL);
        Path jmhJson = dir.resolve(JMH_JSON);
        int rounds = config.profile().rounds();
        try {
            Files.deleteIfExists(partial);
            for (int r = 1; r <= rounds; r++) {
                Files.deleteIfExists(roundFile(dir, r));
            }
        } catch (IOException e) {
            throw new UsageException("cannot clear " + partial + ": " + e.getMessage(), e);
        }

        Instant started = Instant.now();
        Path log = dir.resolve(JMH_LOG);
        if (!config.quiet()) {
            out.printf("crosstalk bench: profile %s, managers %s, benchmarks /%s/%s; JMH console in %s%n",
                    config.profile().label(), String.join(", ", config.effectiveManagers()), config.selection(),
                    rounds > 1 ? ", " + rounds + " rounds of one fork each" : "",
                    rounds > 1 ? dir.resolve("jmh-round-*.log") : log);
            out.flush();
        }
        JmhConsole console = new JmhConsole(out, err, config.quiet());
        int jmhExit = 0;
        // one JMH run per round, each with one fork of every benchmark; a round that fails ends the rounds (JMH
        // killed, a broken build): what the earlier rounds measured is kept
        List<JsonNode> roundResults = new ArrayList<>();
        for (int r = 1; r <= rounds && jmhExit == 0; r++) {
            Path file = rounds == 1 ? partial : roundFile(dir, r);
            if (rounds > 1) {
                log = dir.resolve("jmh-round-" + r + ".log");
                if (!config.quiet()) {
                    out.printf("crosstalk bench: round %d of %d%n", r, rounds);
                    out.flush();
                }
            }
            List<String> cmd = command(config, file);
            try {
                jmhExit = runChild(cmd, dir, log, console);
            } catch (IOException e) {
                return failed("could not run JMH (" + String.join(" ", cmd) + "): " + e.getMessage(), log, console);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed("interrupted while JMH was running", log, console);
            }
            if (rounds > 1 && Files.isRegularFile(file)) {
                try {
                    roundResults.add(Json.mapper().readTree(file.toFile()));
                    Files.delete(file);
                } catch (IOException e) {
                    err.println("crosstalk bench: cannot read round " + r + "'s results " + file + ": " + e.getMessage());
                }
            }
        }
        if (rounds > 1 && !roundResults.isEmpty()) {
            try {
                Json.mapper().writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), JmhRounds.join(roundResults));
            } catch (IOException e) {
                err.println("crosstalk bench: cannot join the rounds' results into " + partial + ": " + e.getMessage());
            }
        }
        Duration took = Duration.between(started, Instant.now());

        List<Row> rows = List.of();
        Path jsonOut = null;
        if (Files.isRegularFile(partial)) {
            try {
                AtomicFiles.moveIntoPlace(partial, jmhJson);
                jsonOut = jmhJson;
                rows = JmhResults.read(jmhJson);
            } catch (IOException | IllegalArgumentException e) {
                err.println("crosstalk bench: cannot read JMH's results " + jmhJson + ": " + e.getMessage());
            }
        }

        Path summary = null;
        String table = "";
        if (!rows.isEmpty()) {
            try {
                summary = BenchSummary.of(config.profile().label(), rows).write(dir.resolve(BenchSummary.FILE));
            } catch (IOException e) {
                err.println("crosstalk bench: cannot write " + dir.resolve(BenchSummary.FILE) + ": " + e.getMessage());
            }
            table = ComparisonTable.render(rows, managersInOrder(config, rows));
            out.println();
            out.print(table);
            out.flush();
        }

        List<String> problems = new ArrayList<>();
        if (jmhExit != 0) {
            problems.add("JMH exited with " + jmhExit);
        }
        if (!console.failures().isEmpty()) {
            problems.add(console.failures().size() + " benchmark configuration(s) failed: "
                    + String.join("; ", console.failures()));
        }
        if (rows.isEmpty()) {
            problems.add("JMH produced no results");
        } else {
            Set<String> measured = new LinkedHashSet<>();
            rows.forEach(r -> measured.add(r.manager()));
            List<String> missing = config.effectiveManagers().stream().filter(m -> !measured.contains(m)).toList();
            if (!missing.isEmpty()) {
                problems.add("no results for " + String.join(", ", missing));
            }
        }
        String tookText = String.format(Locale.ROOT, "%d:%02d", took.toMinutes(), took.toSecondsPart());
        if (!problems.isEmpty()) {
            String message = String.join("; ", problems) + " (after " + tookText + "; JMH console: " + log + ")";
            err.println("crosstalk bench: " + message);
            if (jmhExit != 0 || rows.isEmpty()) {
                tail(log, 20, err);
            }
            err.flush();
            return new BenchResult(ExitCodes.ERROR, message, jsonOut, summary, log, rows, table, console.failures());
        }
        String message = rows.size() + " results in " + tookText + ": " + jsonOut + ", " + summary;
        out.println("crosstalk bench: " + message);
        out.flush();
        return new BenchResult(ExitCodes.CLEAN, message, jsonOut, summary, log, rows, table, console.failures());
    }

    private static Path roundFile(Path dir, int round) {
        return dir.resolve(".jmh.json.round-" + round + ".partial");
    }

    private static BenchResult failed(String message, Path log, JmhConsole console) {
        return new BenchResult(ExitCodes.ERROR, message, null, null, log, List.of(), "", console.failures());
    }

    /** The requested managers first, in their order, then any other the results hold. */
    private static List<String> managersInOrder(BenchConfig config, List<Row> rows) {
        Set<String> order = new LinkedHashSet<>();
        Set<String> present = new LinkedHashSet<>();
        rows.forEach(r -> present.add(r.manager() == null ? "-" : r.manager()));
        for (String m : config.effectiveManagers()) {
            if (present.contains(m)) {
                order.add(m);
            }
        }
        order.addAll(present);
        return List.copyOf(order);
    }

    /** Runs JMH, its console logged (after the command line) and fed to {@code console}; stopped by {@link ChildJvm}'s policy. */
    private static int runChild(List<String> cmd, Path dir, Path log, JmhConsole console)
            throws IOException, InterruptedException {
        try (ChildJvm child = ChildJvm.start(cmd, dir, Map.of(), "crosstalk-bench")) {
            return child.pump(log, "# " + String.join(" ", cmd), console::accept);
        }
    }

    private static void tail(Path log, int lines, PrintWriter err) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            err.println("crosstalk bench: the last lines of " + log + ":");
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> err.println("  " + l));
        } catch (IOException e) {
            // nothing more to show
        }
    }
}
