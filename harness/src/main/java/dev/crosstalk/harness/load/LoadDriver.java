package dev.crosstalk.harness.load;

import com.sun.management.OperatingSystemMXBean;
import dev.crosstalk.harness.server.Jwt;
import dev.crosstalk.harness.server.Transport;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.LeakRecord;
import dev.crosstalk.results.archive.LoadFiles;
import dev.crosstalk.results.archive.LoadSummary;
import dev.crosstalk.results.archive.ResourceSeries;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Netty load driver: many concurrent sessions against the embedded golden-path server (by
 * default, in this JVM) or an external one, every event checked, latencies from intended starts.
 * {@link #run} returns a {@link LoadResult} with the exit code; it always returns by the config's hard
 * deadline. It orchestrates, on the calling thread: the server ({@link LoadTarget}), the sessions and
 * their connection schedule ({@link Launcher}; each session's {@link RunChecker} checks its events on
 * the session's event loop), the progress and latency log ({@link Reporter}), the summary
 * ({@link SummaryBuilder}) and the files ({@link LoadFiles}).
 */
public final class LoadDriver {

    /** How waiting for the load ended. */
    private static final int ENDED = 0;
    private static final int DEADLINE = 1;
    private static final int STOPPED = 2;
    /** The target went away mid-load ({@link TargetHealth}). */
    private static final int TARGET_LOST = 3;

    private LoadDriver() {
    }

    /**
     * Runs one load over {@code provider} (embedded) or {@code config.target()} (provider null).
     *
     * @param stop completed by a caller (e.g. a shutdown hook) to stop early; may be null
     * @throws IllegalArgumentException for a bad configuration (the CLI maps it to exit 2)
     */
    public static LoadResult run(LoadConfig config, ManagerProvider provider, PrintStream progress,
                                 CompletableFuture<Void> stop) {
        config.validate();
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        // Every shard derives the whole job's users alike and runs its slice of them (LoadState).
        LoadContext ctx = new LoadContext(config, new LoadState(users(config), config.shard(),
                config.leakRecordsPerPair(), config.leakRecordsMax()));
        String[] users = ctx.state.users;
        boolean promised = provider == null || provider.recoversAbandonedRuns();
        ctx.recoveryWaived = !config.checker() ? "the checker is off"
                : !promised ? provider.name() + " declares it does not recover abandoned runs"
                : !config.verifyRecovery() ? "--no-recovery: the target does not promise recovery" : null;
        ctx.verifyRecovery = ctx.recoveryWaived == null;
        ctx.trackRuns = ctx.verifyRecovery && config.scenario().dropsSessions();
        Transport transport = Transport.choose(config.preferNio());
        SummaryBuilder summaries = new SummaryBuilder(ctx, startedAt, t0, transport);
        String serverMode = LoadTarget.serverMode(config, config.sessions());

        LoadTarget target = null;
        Launcher launcher = null;
        Reporter reporter = null;
        ResourceSampler sampler = null;
        RunPhase phase = new RunPhase();
        int ending = ENDED;
        String problem = null;
        try {
            target = LoadTarget.start(config, provider, serverMode);
            ctx.target = target.uri();
            InetAddress addr = resolve(ctx.target);
            if (addr == null) {
                target.close();
                String why = "cannot resolve " + ctx.target.getHost();
                return new LoadResult(summaries.build(System.nanoTime() - t0, null, SummaryBuilder.Ending.failed(why)),
                        List.of(), 2, why, null);
            }
            if (!addr.isLoopbackAddress() && !config.allowRemote()) {
                throw new IllegalArgumentException("--target " + ctx.target + " is not a loopback address:"
                        + " pass --allow-remote to load a remote server");
            }
            ctx.remote = new InetSocketAddress(addr, ctx.target.getPort() > 0 ? ctx.target.getPort() : 80);
            launcher = Launcher.open(ctx, transport, tokens(config, users, target.secret()));
            reporter = Reporter.start(ctx, t0, progress);
            Duration sampleEvery = sampleResourcesEvery(config);
            if (sampleEvery != null) {
                sampler = ResourceSampler.start(sampleEvery, t0, ctx.state.sessionsUp::get);
            }
            ending = runLoad(ctx, launcher, phase, t0, stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ending = STOPPED;
        } catch (IOException e) {
            problem = "could not run: " + e;
        } catch (RuntimeException e) {
            ctx.stopping = true;
            if (sampler != null) {
                sampler.stop("", Duration.ZERO);
            }
            closeQuietly(launcher, target);
            throw e;
        } finally {
            ctx.stopping = true;
        }

        // The soak's series ends with the load, before the sessions are closed (closing is not the steady state).
        ResourceSeries resources = sampler == null ? null
                : sampler.stop(resourceScope(serverMode), warmUp(config));
        // Stop: close every session on its loop (runs still in flight are unfinished), then the rest.
        long unfinished = launcher == null ? 0 : launcher.closeAll();
        unfinished += ctx.state.pendingRecoveries.get(); // abandoned runs neither recovered nor lost by the end
        long elapsedNanos = System.nanoTime() - t0;
        if (reporter != null) {
            reporter.stop();
        }
        if (launcher != null) {
            launcher.close();
        }
        Map<String, Long> serverStats = target == null ? null : target.stats();
        if (target != null) {
            target.close();
        }
        if (reporter != null) {
            reporter.tick(null); // the last interval
        }

        LoadState state = ctx.state;
        long planned = config.plannedRuns();
        long notStarted = planned >= 0
                ? Math.max(0, planned - state.runsStarted.sum() - state.runsForgone.sum()) : 0;
        if (problem == null) {
            problem = problem(ctx, ending, notStarted, unfinished);
        }
        // A load that never established a session found nothing: it could not run.
        // A soak whose heap or descriptors rose is a finding: a leak of the server's or the driver's.
        boolean rose = resources != null && !resources.flat();
        int exit = state.sessionsEverUp.get() > 0 && (state.findings() > 0 || rose) ? 1 : problem != null ? 2 : 0;
        LoadSummary summary = summaries.build(elapsedNanos, reporter, new SummaryBuilder.Ending(unfinished,
                notStarted, problem, exit, serverMode, serverStats, phase, resources));
        List<LeakRecord> leaks = state.keptLeaks();
        Path out = config.out();
        if (out != null) {
            try {
                LoadFiles.write(out, summary, leaks, state.perUserRows(), reporter == null ? null : reporter.intervals());
                if (resources != null) {
                    Json.writePart(out.resolve(ResourceSeries.FILE), resources);
                }
            } catch (IOException e) {
                problem = "could not write " + out + ": " + e.getMessage();
                exit = 2;
                out = null; // nothing to point the user at
            }
        }
        if (resources != null && progress != null && !config.quiet()) {
            progress.println(describe(resources));
        }
        return new LoadResult(summary, leaks, exit, problem, out);
    }

    /** The key of {@link LoadConfig#extra()} that turns the soak's resource sampling on: seconds between samples. */
    public static final String SAMPLE_RESOURCES = "resource_sample_seconds";

    private static Duration sampleResourcesEvery(LoadConfig config) {
        String v = config.extra().get(SAMPLE_RESOURCES);
        return v == null ? null : Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }

    /**
     * A soak's warm-up: until the driver's memory of runs is full ({@link RunChecker#memoryFull}, 90 s with the
     * default run timeout), unless {@link #SAMPLE_WARM_UP} (seconds) says otherwise, for short experiments whose
     * own leak dwarfs the driver's filling.
     */
    private static Duration warmUp(LoadConfig config) {
        String v = config.extra().get(SAMPLE_WARM_UP);
        return v == null ? RunChecker.memoryFull(config) : Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }

    /** The key of {@link LoadConfig#extra()} that overrides a soak's warm-up, in seconds. */
    public static final String SAMPLE_WARM_UP = "resource_warm_up_seconds";

    private static String resourceScope(String serverMode) {
        return switch (serverMode) {
            case "in-process" -> "this JVM: the in-process server and the driver";
            case "child" -> "the driver's JVM (the server's child JVM is not sampled)";
            default -> "the driver's JVM (the external target is not sampled)";
        };
    }

    /** One line per series: first and last third's medians, and the verdict. */
    static String describe(ResourceSeries r) {
        return String.format(Locale.ROOT, "resources (%s, %d samples every %.0f s): heap after GC %s; open descriptors %s",
                r.scope(), r.samples().size(), r.intervalSeconds(), trend(r.heap(), 1 << 20, " MiB"),
                trend(r.descriptors(), 1, ""));
    }

    private static String trend(ResourceSeries.Trend t, long unit, String suffix) {
        if (t.flat() == null) {
            return t.note();
        }
        return String.format(Locale.ROOT, "%.1f%s -> %.1f%s (limit %.1f%s): %s", (double) t.firstThirdMedian() / unit,
                suffix, (double) t.lastThirdMedian() / unit, suffix, (double) t.limit() / unit, suffix,
                t.flat() ? "flat" : "ROSE");
    }

    /**
     * Connects every session and waits until the load ends (then lingers, if asked), measuring the run
     * phase into {@code phase}. Returns how the wait ended.
     */
    private static int runLoad(LoadContext ctx, Launcher launcher, RunPhase phase, long t0,
                               CompletableFuture<Void> stop) throws InterruptedException {
        LoadConfig config = ctx.config;
        int n = ctx.sessions.length;
        boolean measureHeap = "true".equals(config.extra().get("measure_idle_heap"));
        ctx.holdRuns = measureHeap;
        long heapBefore = measureHeap ? usedHeapAfterGc() : 0;
        launcher.connectAll();
        long hardDeadline = t0 + config.deadline().toNanos();
        if (measureHeap) {
            awaitOrStop(ctx.allUp, hardDeadline, stop, ctx.health);
            if (ctx.state.sessionsEverUp.get() == n) {
                phase.heapPerIdleSession = (usedHeapAfterGc() - heapBefore) / n;
            }
            launcher.releaseRuns();
        }
        phase.startNanos = ctx.runsStartNanos;
        phase.cpuStartNanos = processCpuNanos();
        phase.eventsAtStart = ctx.state.events.sum();
        int ending = awaitOrStop(ctx.finished, hardDeadline, stop, ctx.health);
        if (ending == ENDED) {
            ending = awaitRecoveries(ctx.state, hardDeadline, stop, ctx.health);
        }
        phase.endNanos = System.nanoTime();
        // The phase began with the first run even when that came before the ramp-up's end (the closed model starts
        // each session's runs as it connects): counted from the ramp's end, the phase was a few ms long and its
        // throughput absurd.
        long firstRun = ctx.firstRunNanos();
        if (firstRun > 0 && firstRun < phase.startNanos) {
            phase.startNanos = firstRun;
        }
        phase.cpuEndNanos = processCpuNanos();
        phase.eventsAtEnd = ctx.state.events.sum();
        if (ending == ENDED && !config.linger().isZero()) {
            // Keep checking a little: trailing duplicates and late leaks still count.
            long lingerEnd = Math.min(hardDeadline, System.nanoTime() + config.linger().toNanos());
            if (awaitOrStop(new CountDownLatch(1), lingerEnd, stop, ctx.health) == STOPPED) {
                ending = STOPPED;
            }
        }
        return ending;
    }

    /** Why the exit code is 2 (when there is no finding), or null: the load ran in full. */
    private static String problem(LoadContext ctx, int ending, long notStarted, long unfinished) {
        LoadState state = ctx.state;
        String first = ctx.firstError.get();
        if (state.sessionsEverUp.get() == 0) {
            return "no session could be established (" + state.connectFailed.sum() + " connect failures, "
                    + state.handshakeRefused.sum() + " handshakes refused)" + (first == null ? "" : "; first: " + first);
        }
        if (ending == STOPPED) {
            return "interrupted: what was measured until then is written";
        }
        if (ending == TARGET_LOST) {
            return ctx.health.lost();
        }
        if (ending == DEADLINE) {
            return "the hard deadline (" + ctx.config.deadline() + ") passed before the load ended";
        }
        if (notStarted > 0 || unfinished > 0 || state.refusals() > 0) {
            return "incomplete: " + notStarted + " runs never started, " + unfinished + " unfinished, "
                    + state.runsRefused.sum() + " runs and " + state.sessionsRefused.sum() + " sessions refused by the server"
                    + (first == null ? "" : "; first error: " + first);
        }
        return null;
    }

    /**
     * The whole job's users: generated ({@link Identities}) or, with a token file, its first {@code --users} users in
     * sorted order (the same on every shard, whatever order the file had).
     */
    private static String[] users(LoadConfig config) {
        if (config.tokens().isEmpty()) {
            return Identities.users(config.ids(), config.users());
        }
        String[] users = new String[config.users()];
        List<String> fileUsers = new ArrayList<>(new java.util.TreeSet<>(config.tokens().keySet()));
        if (fileUsers.size() < users.length) {
            throw new IllegalArgumentException("the token file names " + fileUsers.size() + " users, --users asks for "
                    + users.length);
        }
        return fileUsers.subList(0, users.length).toArray(String[]::new);
    }

    /** user → token: the token file's, or signed with {@code secret} to outlast the load. */
    private static Map<String, String> tokens(LoadConfig config, String[] users, String secret) {
        Map<String, String> tokens = new HashMap<>();
        if (!config.tokens().isEmpty()) {
            for (String u : users) {
                tokens.put(u, config.tokens().get(u));
            }
            return tokens;
        }
        Jwt jwt = new Jwt(secret);
        for (String u : users) {
            tokens.put(u, jwt.sign(u, Duration.ofHours(2).plus(config.deadline())));
        }
        return tokens;
    }

    private static InetAddress resolve(URI target) {
        try {
            return InetAddress.getByName(target.getHost());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static void closeQuietly(Launcher launcher, LoadTarget target) {
        if (launcher != null) {
            launcher.closeAll();
            launcher.close();
        }
        if (target != null) {
            target.close();
        }
    }

    /**
     * Waits for {@code latch} until {@code hardDeadline}: ENDED, DEADLINE, STOPPED when {@code stop} completes, or
     * TARGET_LOST when {@code health} finds the target gone (seen within the 100 ms poll).
     */
    private static int awaitOrStop(CountDownLatch latch, long hardDeadline, CompletableFuture<Void> stop,
                                   TargetHealth health) throws InterruptedException {
        while (true) {
            if (stop != null && stop.isDone()) {
                return STOPPED;
            }
            if (health.lost() != null) {
                return TARGET_LOST;
            }
            long left = hardDeadline - System.nanoTime();
            if (left <= 0) {
                return DEADLINE;
            }
            if (latch.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS)) {
                return ENDED;
            }
        }
    }

    /**
     * Waits until every abandoned run is recovered or lost and every overdue run has completed late or been lost
     * (each by its own deadline, so the wait is bounded by the run timeout): the sessions may be done while a
     * recovery or a late run is still on its way.
     *
     * <p>Polls every 10 ms rather than waiting on a signal: the counter is decremented on the Netty event loops, once
     * per abandoned run, and a notify there would put a lock on the event loops' path for a wait that happens once,
     * at the end of a load, where 10 ms of latency is immaterial.
     */
    private static int awaitRecoveries(LoadState state, long hardDeadline, CompletableFuture<Void> stop,
                                       TargetHealth health) throws InterruptedException {
        while (state.pendingRecoveries.get() > 0 || state.pendingOverdue.get() > 0) {
            if (stop != null && stop.isDone()) {
                return STOPPED;
            }
            if (health.lost() != null) {
                return TARGET_LOST;
            }
            if (System.nanoTime() - hardDeadline >= 0) {
                return DEADLINE;
            }
            Thread.sleep(10);
        }
        return ENDED;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** For a shutdown hook: completes {@code stop} and waits up to {@code wait} for {@code done}. */
    public static Thread shutdownHook(CompletableFuture<Void> stop, CountDownLatch done, Duration wait) {
        AtomicBoolean once = new AtomicBoolean();
        return new Thread(() -> {
            if (once.compareAndSet(false, true) && done.getCount() > 0) {
                stop.complete(null);
                try {
                    done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "ct-load-shutdown");
    }
}
