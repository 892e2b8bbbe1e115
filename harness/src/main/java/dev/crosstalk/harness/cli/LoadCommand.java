package dev.crosstalk.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.load.LoadConfig;
import dev.crosstalk.harness.load.LoadDriver;
import dev.crosstalk.harness.load.LoadMatrix;
import dev.crosstalk.harness.load.LoadResult;
import dev.crosstalk.harness.load.Scenario;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.shard.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/** {@code crosstalk load}: the Netty load driver with the per-user leakage log. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drive many concurrent WebSocket sessions through the golden path and check every event"
                + " for leaks (by run id, not only user_id), losses, order violations and duplicates.",
                "By default it starts the embedded server in this JVM over --manager; --target drives an external one.",
                "Writes summary.json, latency.hlog, leaks.jsonl and per-user.csv into --out.",
                "Exit: 0 clean, 1 a leak, loss, order violation or duplicate, 2 could not run or complete."})
public final class LoadCommand implements Callable<Integer> {

    @Mixin
    ManagerOption.DefaultSsot manager;

    @Option(names = "--all", description = "The load sensitivity matrix: every provider (built in and plugins) x every"
            + " scenario with tame and adversarial ids (first-use with tame ids), small bounded loads on the embedded"
            + " server, no hook and no"
            + " widening; each row judged (a correct path clean everywhere, a defect caught somewhere). Writes"
            + " matrix.json and each cell's files into --out. Exit 0 the matrix holds, 1 it does not, 2 errors.")
    boolean all;

    @Option(names = "--columns", split = ",", paramLabel = "SCENARIO/IDS",
            description = "With --all: only these columns, e.g. churn/tame,pressure/adversarial (default: all nine:"
                    + " steady, connection-storm, churn, pressure with tame and with adversarial ids, then first-use/tame).")
    List<String> columns;

    @Option(names = "--first-use-rounds", paramLabel = "N",
            description = "With --all: rounds of the first-use cell, each on a freshly started server, until one"
                    + " catches (a correct path runs them all; default: " + LoadMatrix.FirstUse.DEFAULT_ROUNDS
                    + "). A creation race a few instructions wide shows in a fraction of rounds: each round more"
                    + " shrinks the chance of a miss.")
    Integer firstUseRounds;

    @Option(names = "--target", paramLabel = "ws://HOST:PORT/ws", description = "Drive an external server instead.")
    URI target;

    @Option(names = "--jwt-secret", paramLabel = "SECRET",
            description = "HS256 secret to sign tokens with (with --target; also $CROSSTALK_JWT_SECRET).")
    String jwtSecret;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Tokens instead of a secret: one 'USER TOKEN' per line; users are taken from it.")
    Path tokenFile;

    @Option(names = "--allow-remote", description = "Allow a non-loopback --target.")
    boolean allowRemote;

    @Option(names = "--users", defaultValue = "100", description = "Distinct users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--sessions-per-user", defaultValue = "1",
            description = "Concurrent sessions (tabs) per user (default: ${DEFAULT-VALUE}).")
    int sessionsPerUser;

    @Option(names = "--runs-per-session", description = "Runs each session starts (default 5 unless --duration).")
    Integer runsPerSession;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DUR",
            description = "Start runs for this long instead of a fixed count (e.g. 30s).")
    Duration duration;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "RUNS/S",
            description = "Open model: runs per second, each started at its scheduled time whatever earlier runs"
                    + " did. 0 (default) = closed model: each session starts its next run when the last ended.")
    double rate;

    @Option(names = "--ramp-up", converter = DurationConverter.class, defaultValue = "0s", paramLabel = "DUR",
            description = "Spread the connects over this (steady, churn; first-use spreads users, a user's tabs"
                    + " together; default: ${DEFAULT-VALUE}).")
    Duration rampUp;

    @Option(names = "--connect-rate", defaultValue = "0", paramLabel = "N/S",
            description = "At most N connection attempts per second (0 = unlimited; not for connection-storm).")
    double connectRate;

    @Option(names = "--scenario", defaultValue = "steady", paramLabel = "NAME",
            description = "steady | connection-storm | churn | pressure | first-use (default: ${DEFAULT-VALUE})."
                    + " pressure: tabs drop every --churn-every runs and stay away --idle-gap, past the embedded"
                    + " server's idle eviction (--evict-idle-after, swept); refusals (e.g. past a per-user limit)"
                    + " are expected but must be loud. first-use: each user's tabs connect, then send their"
                    + " upgrades together while the user has no manager yet; users spread over --ramp-up.")
    String scenario;

    @Option(names = "--runs-in-flight", defaultValue = "1", paramLabel = "K",
            description = "Closed model: runs each tab keeps in flight (default: ${DEFAULT-VALUE}).")
    int runsInFlight;

    @Option(names = "--tabs-per-thread", defaultValue = "1", paramLabel = "N",
            description = "This many tabs of a user share one thread (default: ${DEFAULT-VALUE}).")
    int tabsPerThread;

    @Option(names = "--idle-gap", converter = DurationConverter.class, paramLabel = "DUR",
            description = "pressure: how long a dropped tab stays away (default: twice --evict-idle-after).")
    Duration idleGap;

    @Option(names = "--evict-idle-after", converter = DurationConverter.class, paramLabel = "DUR",
            description = "pressure, embedded server: idle-eviction threshold, swept every half of it (default: 200ms).")
    Duration evictIdleAfter;

    @Option(names = "--ids", defaultValue = "tame", paramLabel = "STYLE",
            description = "tame (user-00001, random threads) | adversarial: ids that collide when joined with ':',"
                    + " prefix one another, hold unicode, are as long as allowed, or name another user's thread"
                    + " (default: ${DEFAULT-VALUE}).")
    String ids;

    @Option(names = "--churn-every", defaultValue = "2", paramLabel = "N",
            description = "churn: a session drops right after starting every N-th run and reconnects (default: ${DEFAULT-VALUE}).")
    int churnEvery;

    @Option(names = "--think-ms", defaultValue = "1", paramLabel = "N|MIN-MAX",
            description = "Embedded server: think time between events (default: ${DEFAULT-VALUE}).")
    String think;

    @Option(names = "--run-timeout", converter = DurationConverter.class, defaultValue = "30s", paramLabel = "DUR",
            description = "A run without all five events this long after it started is overdue; if they have not all come"
                    + " after as long again it is a loss, if they have it is a late run, not a finding"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration runTimeout;

    @Option(names = "--connect-timeout", converter = DurationConverter.class, defaultValue = "60s", paramLabel = "DUR",
            description = "Connect + handshake + connection_established limit (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--deadline", converter = DurationConverter.class, defaultValue = "10m", paramLabel = "DUR",
            description = "Hard limit on the whole load: it stops by then whatever happens (default: ${DEFAULT-VALUE}).")
    Duration deadline;

    @Option(names = "--warmup", defaultValue = "2s", paramLabel = "DUR|PCT|0",
            description = "The warm-up phase, as JMH's warm-up iterations: runs sent in the first DUR after the first"
                    + " run (at most 20%% of the planned runs), or the first PCT of the runs, are warm-up runs: checked"
                    + " like every run (a leak is a leak), their latencies kept apart (warmup_first_event, warmup_run)"
                    + " from the measured ones that the summary, compare and trend use. 0 for none (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--linger", converter = DurationConverter.class, defaultValue = "500ms", paramLabel = "DUR",
            description = "After the last run, keep checking this long for trailing duplicates and late leaks"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration linger;

    @Option(names = "--no-recovery",
            description = "The --target does not promise recovery: a run whose session dropped while in flight is"
                    + " not verified (by default every such run must reach another connection of its user once and in"
                    + " order by its deadline; an embedded provider declares this itself).")
    boolean noRecovery;

    @Option(names = "--no-checker", description = "Only count and time events (to measure the checker's cost).")
    boolean noChecker;

    @Option(names = "--out", defaultValue = "crosstalk-out/load", paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Option(names = "--json", description = "Print summary.json to stdout instead of the text summary.")
    boolean json;

    @Option(names = "--event-loops", description = "Driver event loops (default: one per CPU; against a loopback"
            + " --target, whose server shares this machine's cores, one per two CPUs).")
    Integer eventLoops;

    @Option(names = "--source-addresses", defaultValue = "0", paramLabel = "N",
            description = "Spread connections over 127.0.0.1..N (0 = one per 20000 sessions).")
    int sourceAddresses;

    @Option(names = "--auth", defaultValue = "header", paramLabel = "MODE",
            description = "header (Authorization: Bearer) | subprotocol (jwt.<token>) | mixed (default: ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--leak-records-per-pair", defaultValue = "10",
            description = "leaks.jsonl keeps the first N records per (receiving, owning) user pair (default: ${DEFAULT-VALUE}).")
    int leakRecordsPerPair;

    @Option(names = "--leak-records-max", defaultValue = "10000",
            description = "leaks.jsonl keeps at most this many records (every leak is counted; default: ${DEFAULT-VALUE}).")
    int leakRecordsMax;

    @Option(names = "--measure-idle-heap",
            description = "Connect every session, GC, measure used heap per idle session, then start runs.")
    boolean measureIdleHeap;

    @Option(names = "--sample-resources", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Soak: every DURATION, sample this JVM's heap after a full GC and its open descriptors (the"
                    + " in-process server's too); a heap or descriptor count that rises through the load is a finding"
                    + " (load/resources.json; docs/load.md, \"Soak\"). Off by default.")
    Duration sampleResources;

    @Option(names = "--nio", description = "Use NIO even where epoll is available.")
    boolean nio;

    @Option(names = "--server", defaultValue = "auto", paramLabel = "MODE",
            description = "Embedded server: in-process, child (a child JVM), or auto: in-process unless driver and"
                    + " server sockets together would pass this process's open-file limit (default: ${DEFAULT-VALUE}).")
    String serverMode;

    @Option(names = "--shard", paramLabel = "I/N",
            description = {"Run shard I (0..N-1) of a load split over N drivers against one --target: the users are"
                    + " the whole job's (--users), this driver runs user i when i %% N == I, so one user's sessions stay"
                    + " on one driver; --rate and --connect-rate are this driver's. job/N takes I from"
                    + " $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job). A leak of another shard's run is attributed"
                    + " to its owner (the run id names it, under a MAC keyed by the shared --jwt-secret).",
                    "With --all: shard I of the load matrix's providers, dealt round-robin (each cell has its own"
                            + " embedded server; no --target).",
                    "Merge the shards' --out folders with 'crosstalk merge'."})
    String shard;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (all) {
            return matrix();
        }
        if (columns != null) {
            throw new UsageException("--columns chooses columns of the load matrix: it needs --all");
        }
        if (firstUseRounds != null) {
            throw new UsageException("--first-use-rounds sets the load matrix's first-use cell: it needs --all");
        }
        if (shard != null && target == null) {
            throw new UsageException("--shard splits one load over several drivers against one server: it needs"
                    + " --target (embedded servers of separate drivers share nothing to find a leak across)");
        }
        ManagerProvider provider = null;
        LoadConfig config;
        try {
            if (target == null) {
                provider = manager.provider();
            }
            int[] t = DurationConverter.thinkRange(think);
            String secret = jwtSecret != null ? jwtSecret : System.getenv("CROSSTALK_JWT_SECRET");
            Map<String, String> extra = new LinkedHashMap<>();
            if (measureIdleHeap) {
                extra.put("measure_idle_heap", "true");
            }
            if (sampleResources != null) {
                if (sampleResources.isNegative() || sampleResources.isZero()) {
                    throw new IllegalArgumentException("--sample-resources must be positive, got " + sampleResources);
                }
                extra.put(LoadDriver.SAMPLE_RESOURCES, String.valueOf(sampleResources.toMillis() / 1000.0));
            }
            LoadConfig.Builder b = LoadConfig.builder()
                    .target(target).manager(manager.name()).jwtSecret(target == null ? null : secret)
                    .tokens(tokenFile == null ? Map.of() : readTokens(tokenFile)).allowRemote(allowRemote)
                    .users(users).sessionsPerUser(sessionsPerUser)
                    .runsPerSession(runsPerSession != null ? runsPerSession : duration != null ? 0 : 5)
                    .duration(duration).rate(rate).rampUp(rampUp).connectRate(connectRate)
                    .scenario(Scenario.parse(scenario)).churnEvery(churnEvery)
                    .runTimeout(runTimeout).connectTimeout(connectTimeout).deadline(deadline)
                    .checker(!noChecker).out(out).quiet(quiet)
                    .sourceAddresses(sourceAddresses).authMode(auth)
                    .leakRecordsPerPair(leakRecordsPerPair).leakRecordsMax(leakRecordsMax)
                    .think(t[0], t[1]).preferNio(nio).serverMode(serverMode).linger(linger)
                    .plugins(manager.plugins().jars()).extra(extra)
                    .verifyRecovery(!noRecovery).ids(ids).runsInFlight(runsInFlight).tabsPerThread(tabsPerThread)
                    .idleGap(idleGap).evictIdleAfter(evictIdleAfter)
                    .shard(shard == null ? Shard.WHOLE : Shard.parse(shard));
            warmup(b);
            b.eventLoops(eventLoops != null ? eventLoops
                    : defaultEventLoops(target, Runtime.getRuntime().availableProcessors()));
            config = b.build().validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }

        PrintStream err = System.err;
        ManagerProvider p = provider;
        LoadResult result = interruptible(stop -> {
            try {
                return LoadDriver.run(config, p, err, stop);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        });
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result.summary()));
        } else {
            printSummary(o, result);
        }
        o.flush();
        if (result.problem() != null) {
            err.println("crosstalk load: " + result.problem());
        }
        return result.exitCode();
    }

    /**
     * Runs {@code work} with a shutdown hook that completes its stop future on Ctrl-C and waits (10 s) for
     * it to return, so that what was measured is still written.
     */
    private static <T> T interruptible(Function<CompletableFuture<Void>, T> work) {
        CompletableFuture<Void> interrupt = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = LoadDriver.shutdownHook(interrupt, done, Duration.ofSeconds(10));
        Runtime.getRuntime().addShutdownHook(hook);
        T result;
        try {
            result = work.apply(interrupt);
        } finally {
            done.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits for the outputs just written.
        }
        return result;
    }

    /** {@code --all}: the load sensitivity matrix. */
    private int matrix() {
        if (target != null) {
            throw new UsageException("--all runs the embedded server over every provider: it takes no --target");
        }
        List<ManagerProvider> providers = manager.plugins().all();
        if (shard != null) {
            // the matrix is split by providers (each cell has its own embedded server), not by users
            providers = ShardOption.slice(shard, true, providers, spec);
        }
        List<LoadMatrix.Column> chosen = columns();
        int rounds = firstUseRounds == null ? LoadMatrix.FirstUse.DEFAULT_ROUNDS : firstUseRounds;
        if (rounds < 1) {
            throw new UsageException("--first-use-rounds must be at least 1, got " + rounds);
        }
        long t0 = System.nanoTime();
        PrintStream err = System.err;
        err.println("crosstalk load --all: " + providers.size() + " providers x " + chosen.size()
                + " columns into " + out);
        List<ManagerProvider> slice = providers;
        Sensitivity s = interruptible(stop -> {
            try {
                return LoadMatrix.run(slice, chosen, LoadMatrix.FirstUse.DEFAULT.withRounds(rounds), out,
                        manager.plugins().jars(), quiet ? null : err, stop, Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        PrintWriter o = spec.commandLine().getOut();
        LoadMatrix.print(s, o);
        o.printf("  wall time %.1f s; wrote %s%n", (System.nanoTime() - t0) / 1e9, out.resolve(LoadMatrix.FILE));
        o.flush();
        return s.exitCode();
    }

    /** {@code --warmup}: a duration (capped at the default share of the runs), a share of the runs, or 0 for none. */
    private void warmup(LoadConfig.Builder b) {
        String w = warmup.trim();
        if (w.equals("0") || w.equalsIgnoreCase("off")) {
            b.warmup(Duration.ZERO, 0);
        } else if (w.endsWith("%")) {
            double share;
            try {
                share = Double.parseDouble(w.substring(0, w.length() - 1)) / 100;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--warmup must be a duration (2s), a share of the runs (10%) or 0, got "
                        + warmup);
            }
            // no time limit: the first share of the runs, however long they take
            b.warmup(Duration.ofDays(1), share);
        } else {
            try {
                b.warmup(new DurationConverter().convert(w), LoadConfig.DEFAULT_WARMUP_SHARE);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--warmup must be a duration (2s), a share of the runs (10%) or 0, got "
                        + warmup);
            }
        }
    }

    /** {@code --columns}, in the matrix's own order, or every column. */
    private List<LoadMatrix.Column> columns() {
        if (columns == null || columns.isEmpty()) {
            return LoadMatrix.COLUMNS;
        }
        List<LoadMatrix.Column> wanted = new ArrayList<>();
        for (String label : columns) {
            try {
                wanted.add(LoadMatrix.Column.parse(label));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--columns: " + e.getMessage());
            }
        }
        return LoadMatrix.COLUMNS.stream().filter(wanted::contains).toList();
    }

    @SuppressWarnings("unchecked")
    private static void printSummary(PrintWriter o, LoadResult r) {
        Map<String, Object> s = r.summary();
        Map<String, Object> runs = (Map<String, Object>) s.get("runs");
        Map<String, Object> f = (Map<String, Object>) s.get("findings");
        Map<String, Object> e = (Map<String, Object>) s.get("errors");
        Map<String, Object> lat = (Map<String, Object>) s.get("latency");
        o.printf("crosstalk load: %s over %s, %s users, %s sessions, %.1f s%n", s.get("scenario"),
                s.get("target").equals("embedded") ? "embedded/" + s.get("manager") : s.get("target"), s.get("users"),
                s.get("sessions"), ((Number) s.get("duration_seconds")).doubleValue());
        o.printf("  runs     planned %s, started %s, completed %s (%s runs/s, %s events/s, %s events)%n",
                runs.get("planned"), runs.get("started"), runs.get("completed"), s.get("runs_per_second"),
                s.get("events_per_second"), s.get("events"));
        Map<String, Object> d = (Map<String, Object>) s.get("details");
        if (d.containsKey("run_phase_seconds")) {
            o.printf("  run phase %s s: %s runs/s, %s events/s%n", d.get("run_phase_seconds"),
                    d.get("run_phase_runs_per_second"), d.get("run_phase_events_per_second"));
        }
        if (d.containsKey("process_cpu_us_per_event")) {
            o.printf("  CPU of this JVM in the run phase: %s s, %s us per event%n", d.get("process_cpu_seconds_run_phase"),
                    d.get("process_cpu_us_per_event"));
        }
        if (d.containsKey("heap_bytes_per_idle_session")) {
            o.printf("  heap per idle session: %s bytes (%s JVM)%n", d.get("heap_bytes_per_idle_session"),
                    "in-process".equals(d.get("server_mode")) ? "driver + in-process server" : "driver-only");
        }
        o.printf("  findings leaks %s, losses %s, order %s, duplicates %s, refusals %s%s (%s ids)%n", f.get("leaks"),
                f.get("losses"), f.get("order_violations"), f.get("duplicates"), f.get("refusals"),
                f.containsKey("resource_growth") ? ", resource growth " + f.get("resource_growth") : "", d.get("ids"));
        if (((Number) d.getOrDefault("late_runs", 0)).longValue() > 0) {
            o.printf("  late     %s runs completed after the run timeout (%s s): slow, not lost%n", d.get("late_runs"),
                    d.get("run_timeout_seconds"));
        }
        if (((Number) d.getOrDefault("runs_abandoned_by_churn", 0)).longValue() > 0) {
            o.printf("  abandoned %s runs (session dropped in flight), recovered %s; recovery %s%n",
                    d.get("runs_abandoned_by_churn"), d.get("recovered_runs"), d.get("recovery"));
        }
        if (d.get("loud_refusals") != null) {
            o.printf("  pressure loud refusals %s (runs forgone %s, recoveries forgone %s); managers evicted %s%n",
                    d.get("loud_refusals"), d.get("runs_forgone"), d.get("recoveries_forgone"),
                    d.get("server") instanceof Map<?, ?> srv ? srv.get("managers_evicted") : "n/a");
        }
        o.printf("  errors   connect_failed %s, handshake_refused %s, server_errors %s%n", e.get("connect_failed"),
                e.get("handshake_refused"), e.get("server_errors"));
        for (String m : List.of("connect", "first_event", "run", "warmup_run")) {
            Map<String, Object> q = (Map<String, Object>) lat.get(m);
            if (q == null || m.startsWith("warmup") && ((Number) q.get("count")).longValue() == 0) {
                continue;
            }
            o.printf("  %-12s n=%s p50 %s us, p99 %s us, p99.9 %s us, max %s us%n", m.replace("warmup_run", "(warm-up run)"),
                    q.get("count"), q.get("p50_us"), q.get("p99_us"), q.get("p999_us"), q.get("max_us"));
        }
        if (r.out() != null) {
            o.printf("  wrote %s/{summary.json,latency.hlog,leaks.jsonl,per-user.csv}%n", r.out());
        }
        o.printf("  exit %d%n", r.exitCode());
    }

    static Map<String, String> readTokens(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+");
                if (parts.length != 2) {
                    throw new UsageException(file + ":" + lineNo + ": expected 'USER TOKEN'");
                }
                m.put(parts[0], parts[1]);
            }
        } catch (IOException e) {
            throw new UsageException("cannot read the token file " + file + ": " + e.getMessage(), e);
        }
        if (m.isEmpty()) {
            throw new UsageException("the token file " + file + " holds no tokens");
        }
        return m;
    }

    /**
     * One event loop per CPU, except against a loopback {@code --target}: its server runs on the same cores, and one
     * loop per two CPUs then costs less CPU per run (fewer wake-ups, each handling more ready sessions; 5,000 x 5
     * against crosstalk serve on 2 cores: 0.45 -> 0.39-0.42 ms per run with one loop instead of two).
     */
    static int defaultEventLoops(URI target, int cpus) {
        int all = Math.max(1, cpus);
        if (target == null || target.getHost() == null) {
            return all;
        }
        try {
            return InetAddress.getByName(target.getHost()).isLoopbackAddress() ? Math.max(1, all / 2) : all;
        } catch (UnknownHostException e) {
            return all; // the driver reports the unresolvable target itself
        }
    }
}
