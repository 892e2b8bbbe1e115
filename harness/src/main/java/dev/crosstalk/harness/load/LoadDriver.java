package dev.crosstalk.harness.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crosstalk.harness.server.GoldenPathServer;
import dev.crosstalk.harness.server.Jwt;
import dev.crosstalk.harness.server.NamedThreads;
import dev.crosstalk.harness.server.ServerConfig;
import dev.crosstalk.harness.server.Transport;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ManagerProviders;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Netty load driver: many concurrent sessions against the embedded golden-path server (by
 * default, in this JVM) or an external one, every event checked, latencies from intended starts.
 * Programmatic API: {@link #run(LoadConfig, ManagerProviders, PrintStream)} returns a
 * {@link LoadResult} with the exit code; it always returns by the config's hard deadline.
 */
public final class LoadDriver {

    /** Sessions per loopback source address before another is used (ephemeral ports run out near 28k). */
    static final int SESSIONS_PER_SOURCE = 20_000;
    /** How many leaking pairs summary.json lists with exact counts. */
    static final int TOP_LEAK_PAIRS = 20;

    private LoadDriver() {
    }

    /** What the sessions share (package-private: {@link ClientSession} reads it). */
    static final class Shared {
        final LoadConfig config;
        final LoadState state;
        final Latency latency;
        final JsonFactory json = new JsonFactory();
        URI target;
        InetSocketAddress remote;
        ClientSession[] sessions;
        volatile boolean stopping;
        volatile boolean holdRuns;
        volatile long runsStartNanos;
        volatile long runsEndNanos = Long.MAX_VALUE;
        final CountDownLatch finished;
        final CountDownLatch allUp = new CountDownLatch(1);
        final AtomicReference<String> firstError = new AtomicReference<>();
        private final byte[][] scratch;

        Shared(LoadConfig config, LoadState state, int sessions) {
            this.config = config;
            this.state = state;
            this.latency = new Latency(config.eventLoops());
            this.finished = new CountDownLatch(sessions);
            this.scratch = new byte[config.eventLoops()][4096];
        }

        boolean open() {
            return config.rate() > 0;
        }

        void sessionFinished() {
            finished.countDown();
        }

        void allUp() {
            allUp.countDown();
        }

        void noteError(String e) {
            firstError.compareAndSet(null, e);
        }

        /** A per-loop scratch array (used on that loop only). */
        byte[] scratch(int loop, int len) {
            if (scratch[loop].length < len) {
                scratch[loop] = new byte[Math.max(len, scratch[loop].length * 2)];
            }
            return scratch[loop];
        }
    }

    /** Runs one load. */
    public static LoadResult run(LoadConfig config, ManagerProviders providers, PrintStream progress) {
        return run(config, config.embedded() ? providers.byName(config.manager()) : null, progress, null);
    }

    /**
     * Runs one load over {@code provider} (embedded) or {@code config.target()}.
     *
     * @param interrupt completed by a caller (e.g. a shutdown hook) to stop early; may be null
     * @throws IllegalArgumentException for a bad configuration (the CLI maps it to exit 2)
     */
    public static LoadResult run(LoadConfig config, ManagerProvider provider, PrintStream progress,
                                 CompletableFuture<Void> interrupt) {
        config.validate();
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        String[] users = new String[config.users()];
        for (int u = 0; u < users.length; u++) {
            users[u] = String.format(Locale.ROOT, "user-%05d", u + 1);
        }
        Map<String, String> tokens = new HashMap<>();
        if (!config.tokens().isEmpty()) {
            List<String> fileUsers = new ArrayList<>(config.tokens().keySet());
            if (fileUsers.size() < users.length) {
                throw new IllegalArgumentException("the token file names " + fileUsers.size() + " users, --users asks for "
                        + users.length);
            }
            for (int u = 0; u < users.length; u++) {
                users[u] = fileUsers.get(u);
                tokens.put(users[u], config.tokens().get(users[u]));
            }
        }
        LoadState state = new LoadState(users, config.leakRecordsPerPair(), config.leakRecordsMax());
        int n = config.sessions();
        Shared shared = new Shared(config, state, n);

        GoldenPathServer server = null;
        ChildServer child = null;
        String serverMode = config.embedded() ? "in-process" : "external";
        String secret = config.jwtSecret();
        MultiThreadIoEventLoopGroup group = null;
        ScheduledExecutorService reporter = null;
        Reporter rep = null;
        String problem = null;
        boolean interrupted = false;
        boolean deadlineHit = false;
        Long heapPerSession = null;
        long runPhaseStart = 0;
        long runPhaseEnd = 0;
        long cpuStart = -1;
        long cpuEnd = -1;
        long eventsStart = 0;
        long eventsEnd = 0;
        Transport transport = Transport.choose(config.preferNio());
        try {
            if (config.embedded()) {
                if (provider == null) {
                    throw new IllegalArgumentException("no manager provider for the embedded server");
                }
                if (secret == null) {
                    byte[] b = new byte[32];
                    new SecureRandom().nextBytes(b);
                    secret = Base64.getEncoder().encodeToString(b);
                }
                serverMode = serverMode(config, n);
                if (serverMode.equals("child")) {
                    child = ChildServer.start(config, secret, config.plugins());
                    shared.target = child.uri();
                } else {
                    int cpus = Runtime.getRuntime().availableProcessors();
                    server = GoldenPathServer.start(ServerConfig.defaults(provider, secret)
                            .withThink(config.thinkMinMs(), config.thinkMaxMs())
                            .withThreads(Math.max(1, cpus), Math.max(2, cpus), Math.max(2, cpus))
                            .withPreferNio(config.preferNio()));
                    shared.target = server.uri();
                }
            } else {
                shared.target = config.target();
            }
            InetAddress addr;
            try {
                addr = InetAddress.getByName(shared.target.getHost());
            } catch (UnknownHostException e) {
                return fail(config, startedAt, t0, state, shared, "cannot resolve " + shared.target.getHost());
            }
            if (!addr.isLoopbackAddress() && !config.allowRemote()) {
                throw new IllegalArgumentException("--target " + shared.target + " is not a loopback address:"
                        + " pass --allow-remote to load a remote server");
            }
            int port = shared.target.getPort() > 0 ? shared.target.getPort() : 80;
            shared.remote = new InetSocketAddress(addr, port);
            if (tokens.isEmpty()) {
                Jwt jwt = new Jwt(secret);
                for (String u : users) {
                    tokens.put(u, jwt.sign(u, Duration.ofHours(2).plus(config.deadline())));
                }
            }

            group = transport.newGroup(config.eventLoops(), new NamedThreads("ct-load-io"));
            int sources = config.sourceAddresses();
            boolean ipv4Loopback = addr.isLoopbackAddress() && addr.getAddress().length == 4;
            if (sources == 0) {
                sources = ipv4Loopback ? Math.max(1, (n + SESSIONS_PER_SOURCE - 1) / SESSIONS_PER_SOURCE) : 1;
            }
            if (sources > 1 && !ipv4Loopback) {
                throw new IllegalArgumentException("--source-addresses > 1 needs an IPv4 loopback target");
            }
            EventLoop[] loops = new EventLoop[config.eventLoops()];
            Bootstrap[] bootstraps = new Bootstrap[loops.length];
            for (int l = 0; l < loops.length; l++) {
                loops[l] = group.next();
                Bootstrap b = new Bootstrap().group(loops[l]).channel(transport.socketChannel())
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024, 64 * 1024));
                if (transport == Transport.EPOLL && sources > 1) {
                    b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
                }
                bootstraps[l] = b;
            }
            shared.sessions = new ClientSession[n];
            boolean mixed = config.authMode().equals("mixed");
            for (int i = 0; i < n; i++) {
                int u = i % users.length;
                int l = i % loops.length;
                InetSocketAddress local = sources > 1
                        ? new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i % sources)}), 0)
                        : null;
                boolean sub = config.authMode().equals("subprotocol") || (mixed && (i / users.length) % 2 == 1);
                shared.sessions[i] = new ClientSession(shared, i, u, l, loops[l], bootstraps[l], local,
                        tokens.get(users[u]), sub);
            }

            rep = new Reporter(config, shared, server, n, t0);
            reporter = Executors.newSingleThreadScheduledExecutor(new NamedThreads("ct-load-report"));
            Reporter r = rep;
            PrintStream prog = config.quiet() ? null : progress;
            reporter.scheduleAtFixedRate(() -> r.tick(prog), 1, 1, TimeUnit.SECONDS);

            // Connection schedule.
            long base = System.nanoTime();
            double spacingNanos = 0;
            if (config.scenario() != Scenario.CONNECTION_STORM) {
                if (n > 1 && !config.rampUp().isZero()) {
                    spacingNanos = (double) config.rampUp().toNanos() / n;
                }
                if (config.connectRate() > 0) {
                    spacingNanos = Math.max(spacingNanos, 1e9 / config.connectRate());
                }
            }
            boolean measureHeap = "true".equals(config.extra().get("measure_idle_heap"));
            shared.holdRuns = measureHeap;
            long heapBefore = measureHeap ? usedHeapAfterGc() : 0;
            long rampEnd = base + (long) (spacingNanos * n);
            shared.runsStartNanos = config.scenario() == Scenario.CONNECTION_STORM ? base : rampEnd;
            if (config.duration() != null) {
                shared.runsEndNanos = shared.runsStartNanos + config.duration().toNanos();
            }
            for (int i = 0; i < n; i++) {
                ClientSession s = shared.sessions[i];
                long intended = base + (long) (spacingNanos * i);
                long delay = intended - System.nanoTime();
                if (delay <= 0) {
                    s.loop().execute(() -> s.connect(intended));
                } else {
                    s.loop().schedule(() -> s.connect(intended), delay, TimeUnit.NANOSECONDS);
                }
            }

            long hardDeadline = t0 + config.deadline().toNanos();
            if (measureHeap) {
                awaitOrStop(shared.allUp, hardDeadline, interrupt);
                if (state.sessionsEverUp.get() == n) {
                    long heapAfter = usedHeapAfterGc();
                    heapPerSession = (heapAfter - heapBefore) / n;
                }
                long now = System.nanoTime();
                shared.runsStartNanos = now;
                if (config.duration() != null) {
                    shared.runsEndNanos = now + config.duration().toNanos();
                }
                shared.holdRuns = false;
                for (ClientSession s : shared.sessions) {
                    s.loop().execute(s::afterUp);
                }
            }
            runPhaseStart = shared.runsStartNanos;
            cpuStart = processCpuNanos();
            eventsStart = state.events.sum();
            int outcome = awaitOrStop(shared.finished, hardDeadline, interrupt);
            runPhaseEnd = System.nanoTime();
            cpuEnd = processCpuNanos();
            eventsEnd = state.events.sum();
            interrupted = outcome == 2;
            deadlineHit = outcome == 1;
            if (outcome == 0 && !config.linger().isZero()) {
                // Keep checking a little: trailing duplicates and late leaks still count.
                long lingerEnd = Math.min(hardDeadline, System.nanoTime() + config.linger().toNanos());
                CountDownLatch never = new CountDownLatch(1);
                interrupted = awaitOrStop(never, lingerEnd, interrupt) == 2;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
        } catch (IOException e) {
            problem = "could not run: " + e;
        } finally {
            shared.stopping = true;
        }

        // Stop: close every session on its loop, count runs still in flight as unfinished.
        long unfinished = 0;
        if (shared.sessions != null) {
            List<CompletableFuture<Integer>> closes = new ArrayList<>();
            for (ClientSession s : shared.sessions) {
                if (s == null) {
                    continue;
                }
                CompletableFuture<Integer> f = new CompletableFuture<>();
                try {
                    s.loop().execute(() -> f.complete(s.close()));
                } catch (RuntimeException e) {
                    f.complete(0);
                }
                closes.add(f);
            }
            long closeBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (CompletableFuture<Integer> f : closes) {
                try {
                    unfinished += f.get(Math.max(0, closeBy - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    break; // a stuck loop: stop waiting, the groups are shut down below regardless
                }
            }
        }
        long elapsedNanos = System.nanoTime() - t0;
        if (reporter != null) {
            reporter.shutdownNow();
            try {
                reporter.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        Map<String, Long> serverStats = server == null ? null : server.stats().snapshot();
        if (server != null) {
            server.close();
        }
        if (child != null) {
            child.close();
        }
        if (rep != null) {
            rep.tick(null); // the last interval
        }

        // Exit code.
        long findings = state.findings();
        long notStarted = 0;
        long planned = config.plannedRuns();
        if (planned >= 0) {
            notStarted = Math.max(0, planned - state.runsStarted.sum());
        }
        if (problem == null) {
            if (state.sessionsEverUp.get() == 0 && n > 0) {
                problem = "no session could be established (" + state.connectFailed.sum() + " connect failures, "
                        + state.handshakeRefused.sum() + " handshakes refused)"
                        + (shared.firstError.get() == null ? "" : "; first: " + shared.firstError.get());
            } else if (interrupted) {
                problem = "interrupted: what was measured until then is written";
            } else if (deadlineHit) {
                problem = "the hard deadline (" + config.deadline() + ") passed before the load ended";
            } else if (notStarted > 0 || unfinished > 0 || state.runsRefused.sum() > 0) {
                problem = "incomplete: " + notStarted + " runs never started, " + unfinished + " unfinished, "
                        + state.runsRefused.sum() + " refused by the server"
                        + (shared.firstError.get() == null ? "" : "; first error: " + shared.firstError.get());
            }
        }
        int exit = findings > 0 ? 1 : problem != null ? 2 : 0;

        Map<String, Object> summary = summary(config, shared, state, startedAt, elapsedNanos, unfinished, notStarted,
                rep, transport, serverStats, heapPerSession, problem, exit);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) summary.get("details");
        details.put("server_mode", serverMode);
        if (runPhaseEnd > runPhaseStart && runPhaseStart > 0) {
            // From the first scheduled run to the last session's end: the throughput of the run phase alone.
            double phase = (runPhaseEnd - Math.max(runPhaseStart, t0)) / 1e9;
            details.put("run_phase_seconds", Math.round(phase * 1000) / 1000.0);
            details.put("run_phase_runs_per_second", Math.round(state.runsCompleted.sum() / phase * 10) / 10.0);
            details.put("run_phase_events_per_second", Math.round(state.events.sum() / phase * 10) / 10.0);
        }
        if (cpuStart >= 0 && cpuEnd > cpuStart && eventsEnd > eventsStart) {
            // CPU this JVM spent per event in the run phase: with a child-JVM server, the driver's alone.
            // Unlike throughput, it hardly depends on what else the machine runs.
            details.put("process_cpu_seconds_run_phase", Math.round((cpuEnd - cpuStart) / 1e6) / 1000.0);
            details.put("process_cpu_us_per_event", Math.round((cpuEnd - cpuStart) / 1e3 / (eventsEnd - eventsStart) * 100)
                    / 100.0);
        }
        List<LeakRecord> leaks = state.keptLeaks();
        Path out = config.out();
        if (out != null) {
            try {
                Outputs.write(out, summary, leaks, state, rep);
            } catch (IOException e) {
                problem = "could not write " + out + ": " + e.getMessage();
                exit = 2;
            }
        }
        return new LoadResult(summary, leaks, exit, problem, out);
    }

    /** Descriptors a session costs this process: one for the driver's socket, one more for an in-process server's. */
    static String serverMode(LoadConfig c, int sessions) {
        if (!c.serverMode().equals("auto")) {
            return c.serverMode();
        }
        long limit = Long.MAX_VALUE;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            limit = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount();
        }
        return 2L * sessions + 512 > limit ? "child" : "in-process";
    }

    /** 0 done, 1 deadline, 2 interrupted. */
    private static int awaitOrStop(CountDownLatch latch, long hardDeadline, CompletableFuture<Void> interrupt)
            throws InterruptedException {
        while (true) {
            if (interrupt != null && interrupt.isDone()) {
                return 2;
            }
            long left = hardDeadline - System.nanoTime();
            if (left <= 0) {
                return 1;
            }
            if (latch.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS)) {
                return 0;
            }
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
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

    private static LoadResult fail(LoadConfig config, Instant startedAt, long t0, LoadState state, Shared shared,
                                   String problem) {
        Map<String, Object> summary = summary(config, shared, state, startedAt, System.nanoTime() - t0, 0, 0, null,
                Transport.choose(config.preferNio()), null, null, problem, 2);
        return new LoadResult(summary, List.of(), 2, problem, null);
    }

    static Map<String, Object> summary(LoadConfig c, Shared shared, LoadState st, Instant startedAt, long elapsedNanos,
                                       long unfinished, long notStarted, Reporter rep, Transport transport,
                                       Map<String, Long> serverStats, Long heapPerSession, String problem, int exit) {
        Map<String, Object> m = new LinkedHashMap<>();
        double secs = elapsedNanos / 1e9;
        m.put("schema", 1);
        m.put("instrument", "load");
        m.put("scenario", c.scenario().label());
        m.put("manager", c.embedded() ? c.manager() : null);
        m.put("target", c.embedded() ? "embedded" : String.valueOf(c.target()));
        m.put("users", c.users());
        m.put("sessions", c.sessions());
        m.put("duration_seconds", round(secs, 3));
        Map<String, Object> runs = new LinkedHashMap<>();
        long planned = c.plannedRuns();
        runs.put("planned", planned >= 0 ? planned : st.runsStarted.sum());
        runs.put("started", st.runsStarted.sum());
        runs.put("completed", st.runsCompleted.sum());
        m.put("runs", runs);
        m.put("events", st.events.sum());
        double runSecs = secs;
        m.put("runs_per_second", round(st.runsCompleted.sum() / Math.max(runSecs, 1e-9), 1));
        m.put("events_per_second", round(st.events.sum() / Math.max(runSecs, 1e-9), 1));
        Map<String, Object> findings = new LinkedHashMap<>();
        findings.put("leaks", st.leaks.sum());
        findings.put("losses", st.losses.sum());
        findings.put("order_violations", st.orderViolations.sum());
        findings.put("duplicates", st.duplicates.sum());
        m.put("findings", findings);
        m.put("top_leak_pairs", st.topLeakPairs(TOP_LEAK_PAIRS));
        Map<String, Object> errors = new LinkedHashMap<>();
        errors.put("connect_failed", st.connectFailed.sum());
        errors.put("handshake_refused", st.handshakeRefused.sum());
        errors.put("server_errors", st.serverErrors.sum());
        m.put("errors", errors);
        Map<String, Object> lat = new LinkedHashMap<>();
        for (int i = 0; i < Latency.METRICS.size(); i++) {
            Histogram h = rep == null ? Latency.newHistogram() : rep.total(i);
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("count", h.getTotalCount());
            if (h.getTotalCount() == 0) {
                for (String k : List.of("p50_us", "p90_us", "p99_us", "p999_us", "max_us")) {
                    q.put(k, 0);
                }
                lat.put(Latency.METRICS.get(i), q);
                continue;
            }
            q.put("p50_us", us(h.getValueAtPercentile(50)));
            q.put("p90_us", us(h.getValueAtPercentile(90)));
            q.put("p99_us", us(h.getValueAtPercentile(99)));
            q.put("p999_us", us(h.getValueAtPercentile(99.9)));
            q.put("max_us", us(h.getMaxValue()));
            lat.put(Latency.METRICS.get(i), q);
        }
        m.put("latency", lat);
        // Beyond the schema-1 keys: details a reader may ignore.
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("exit_code", exit);
        d.put("problem", problem);
        d.put("started", startedAt.toString());
        d.put("checker", c.checker());
        d.put("transport", transport.label());
        d.put("event_loops", c.eventLoops());
        d.put("cpus", Runtime.getRuntime().availableProcessors());
        d.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        d.put("sessions_per_user", c.sessionsPerUser());
        d.put("runs_per_session", c.runsPerSession());
        d.put("rate", c.rate());
        d.put("model", c.rate() > 0 ? "open" : "closed");
        d.put("ramp_up_seconds", c.rampUp().toMillis() / 1000.0);
        d.put("connect_rate", c.connectRate());
        d.put("think_ms", c.thinkMinMs() == c.thinkMaxMs() ? String.valueOf(c.thinkMinMs())
                : c.thinkMinMs() + "-" + c.thinkMaxMs());
        d.put("run_timeout_seconds", c.runTimeout().toMillis() / 1000.0);
        d.put("runs_not_started", notStarted);
        d.put("runs_unfinished", unfinished);
        d.put("runs_refused", st.runsRefused.sum());
        d.put("runs_abandoned_by_churn", st.runsAbandoned.sum());
        d.put("agent_errors", st.agentErrors.sum());
        d.put("late_events", st.lateEvents.sum());
        d.put("sibling_events", st.siblingEvents.sum());
        d.put("leaks_unknown_owner", st.unknownOwnerLeaks.sum());
        d.put("leak_pairs", st.leakPairs());
        d.put("leak_records_kept", Math.min(st.keptLeaks().size(), c.leakRecordsMax()));
        d.put("protocol_errors", st.protocolErrors.sum());
        d.put("server_closed", st.serverClosed.sum());
        d.put("connects", st.connects.sum());
        d.put("reconnects", st.reconnects.sum());
        d.put("sessions_established", st.sessionsEverUp.get());
        d.put("first_error", shared == null ? null : shared.firstError.get());
        if (heapPerSession != null) {
            d.put("heap_bytes_per_idle_session", heapPerSession);
        }
        if (serverStats != null) {
            d.put("server", serverStats);
        }
        if (!c.extra().isEmpty()) {
            d.put("labels", c.extra());
        }
        m.put("details", d);
        return m;
    }

    private static double us(long nanos) {
        return round(nanos / 1000.0, 1);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Once a second: drains the recorders into the interval log and the totals, prints progress. */
    static final class Reporter {
        private final LoadConfig config;
        private final Shared shared;
        private final int sessions;
        private final long t0;
        private final Histogram[] totals = new Histogram[Latency.METRICS.size()];
        private final List<Histogram> intervals = new ArrayList<>();
        private final long startMillis = System.currentTimeMillis();
        private long lastMillis = startMillis;
        private long lastCompleted;
        private final GoldenPathServer server;

        Reporter(LoadConfig config, Shared shared, GoldenPathServer server, int sessions, long t0) {
            this.config = config;
            this.shared = shared;
            this.server = server;
            this.sessions = sessions;
            this.t0 = t0;
            for (int i = 0; i < totals.length; i++) {
                totals[i] = Latency.newHistogram();
            }
        }

        synchronized void tick(PrintStream progress) {
            long now = System.currentTimeMillis();
            Histogram runInterval = null;
            for (int i = 0; i < totals.length; i++) {
                Histogram h = Latency.newHistogram();
                shared.latency.drainInterval(i, h);
                h.setStartTimeStamp(lastMillis);
                h.setEndTimeStamp(now);
                h.setTag(Latency.METRICS.get(i));
                if (h.getTotalCount() > 0) {
                    intervals.add(h);
                    totals[i].add(h);
                }
                if (i == Latency.RUN) {
                    runInterval = h;
                }
            }
            long completed = shared.state.runsCompleted.sum();
            double dt = Math.max(1, now - lastMillis) / 1000.0;
            if (progress != null) {
                LoadState st = shared.state;
                progress.printf(Locale.ROOT,
                        "[%5.1fs] sessions %d/%d up | runs %d done, %.0f/s | run p99 %s | leaks %d losses %d order %d dup %d | errors %d%n",
                        (System.nanoTime() - t0) / 1e9, st.sessionsUp.get(), sessions, completed,
                        (completed - lastCompleted) / dt,
                        runInterval.getTotalCount() == 0 ? "-" : ms(runInterval.getValueAtPercentile(99)),
                        st.leaks.sum(), st.losses.sum(), st.orderViolations.sum(), st.duplicates.sum(),
                        st.connectFailed.sum() + st.handshakeRefused.sum() + st.serverErrors.sum()
                                + st.serverClosed.sum());
                progress.flush();
            }
            lastCompleted = completed;
            lastMillis = now;
        }

        private static String ms(long nanos) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }

        synchronized Histogram total(int metric) {
            return totals[metric].copy();
        }

        /** Writes the interval log (HdrHistogram's standard format, values in ns, one tag per metric). */
        synchronized void writeLog(Writer w) {
            PrintStream ps = new PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    w.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    w.write(new String(b, off, len, StandardCharsets.UTF_8));
                }
            }, true, StandardCharsets.UTF_8);
            HistogramLogWriter lw = new HistogramLogWriter(ps);
            lw.outputComment("crosstalk load: latencies in nanoseconds from each operation's intended start;"
                    + " tags: connect, first_event, run");
            lw.outputLogFormatVersion();
            lw.setBaseTime(startMillis);
            lw.outputBaseTime(startMillis);
            lw.outputStartTime(startMillis);
            lw.outputLegend();
            for (Histogram h : intervals) {
                lw.outputIntervalHistogram(h);
            }
            ps.flush();
        }
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Atomic file writes: a temporary name in the same directory, then a rename. */
    static final class Outputs {
        static void write(Path dir, Map<String, Object> summary, List<LeakRecord> leaks, LoadState st, Reporter rep)
                throws IOException {
            Files.createDirectories(dir);
            atomic(dir.resolve("latency.hlog"), w -> {
                if (rep != null) {
                    rep.writeLog(w);
                }
            });
            ObjectMapper compact = new ObjectMapper();
            atomic(dir.resolve("leaks.jsonl"), w -> {
                for (LeakRecord r : leaks) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("receiving_user", r.receivingUser());
                    m.put("owning_user", r.owningUser());
                    m.put("event_type", r.eventType());
                    m.put("run_id", r.runId());
                    m.put("time", r.time());
                    w.write(compact.writeValueAsString(m));
                    w.write('\n');
                }
            });
            atomic(dir.resolve("per-user.csv"), w -> {
                w.write("user,runs,leaks_received,leaks_caused,losses\n");
                for (int u = 0; u < st.users.length; u++) {
                    w.write(csv(st.users[u]) + "," + st.userRuns.get(u) + "," + st.userLeaksReceived.get(u) + ","
                            + st.userLeaksCaused.get(u) + "," + st.userLosses.get(u) + "\n");
                }
            });
            atomic(dir.resolve("summary.json"), w -> w.write(mapper().writeValueAsString(summary) + "\n"));
        }

        private static String csv(String s) {
            return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }

        interface Body {
            void write(Writer w) throws IOException;
        }

        static void atomic(Path file, Body body) throws IOException {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** For a shutdown hook: completes {@code interrupt} and waits up to {@code wait} for {@code done}. */
    public static Thread shutdownHook(CompletableFuture<Void> interrupt, CountDownLatch done, Duration wait) {
        AtomicBoolean once = new AtomicBoolean();
        return new Thread(() -> {
            if (once.compareAndSet(false, true) && done.getCount() > 0) {
                interrupt.complete(null);
                try {
                    done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "ct-load-shutdown");
    }
}
