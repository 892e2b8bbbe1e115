package dev.crosstalk.harness.load;

import dev.crosstalk.results.shard.Shard;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One load, as {@link LoadDriver#run} takes it. Build with {@link #builder()}; {@link #validate()}
 * names the first bad field.
 *
 * @param target            the server to drive; null = the embedded server over {@code manager}
 * @param manager           the manager provider name for the embedded server (ignored with a target)
 * @param jwtSecret         HS256 secret tokens are signed with (required with a target unless {@code tokens})
 * @param tokens            user id → token, from a token file (used instead of signing)
 * @param allowRemote       permit a non-loopback target
 * @param users             distinct users
 * @param sessionsPerUser   concurrent sessions (tabs) per user
 * @param runsPerSession    runs each session starts; 0 when {@code duration} bounds the load instead
 * @param duration          how long runs are started for; null when {@code runsPerSession} bounds it
 * @param rate              runs per second, open model (each run starts at its scheduled time); 0 = closed
 *                          model (each session starts its next run when the previous one ended)
 * @param rampUp            connects are spread over this (steady, churn)
 * @param connectRate       at most this many connection attempts per second (0 = unlimited)
 * @param scenario          steady, connection-storm, churn, pressure or first-use
 * @param churnEvery        churn: a session drops after starting every N-th run and reconnects
 * @param runTimeout        a run without all five events this long after it started is overdue, and lost if it has
 *                          not completed after as long again
 * @param connectTimeout    a session not established this long after its attempt began failed to connect
 * @param deadline          hard limit on the whole load; it stops by then whatever happens
 * @param checker           check every event (leak, order, duplicate); off = only count and time
 * @param out               output directory (summary.json, latency.hlog, leaks.jsonl, per-user.csv); null = none
 * @param quiet             no progress line
 * @param eventLoops        driver event loops
 * @param sourceAddresses   loopback source addresses to spread connections over (0 = automatic)
 * @param leakRecordsPerPair leak records kept per (receiving, owning) user pair; every leak is counted
 * @param leakRecordsMax    leak records kept in all
 * @param authMode          header (Authorization: Bearer), subprotocol (jwt.&lt;token&gt;) or mixed
 * @param thinkMinMs        embedded server: least think time between events
 * @param thinkMaxMs        embedded server: most think time between events
 * @param preferNio         NIO even where epoll is available
 * @param serverMode        embedded server: in-process, child (a child JVM), or auto (in-process unless the
 *                          sockets of driver and server together would pass this process's descriptor limit)
 * @param plugins           plugin jars, passed on to a child-JVM server
 * @param linger            after the last run ended, keep every session open and checking this long, to
 *                          catch trailing duplicates and late leaks
 * @param extra             free-form labels copied into summary.json (e.g. the profile of a later {@code run})
 * @param verifyRecovery    verify that every abandoned run (its session dropped while it was in flight) reaches
 *                          another connection of its user once and in order by its deadline; false for a target
 *                          that does not promise recovery (an embedded provider declares it itself)
 * @param ids               tame ({@code user-00001}, random threads) or adversarial ids ({@link Identities})
 * @param runsInFlight      closed model: runs each tab keeps in flight (it starts one whenever one ends)
 * @param tabsPerThread     this many tabs of a user share one thread
 * @param idleGap           pressure: how long a dropped tab stays away; null = twice the eviction threshold
 * @param evictIdleAfter    pressure, embedded server: its managers' idle-eviction threshold, swept every half of
 *                          it; null = {@link #DEFAULT_PRESSURE_EVICT_AFTER}
 * @param warmup            the warm-up phase: runs sent this long after the first run (and no more than {@code
 *                          warmupShare} of the planned runs) are warm-up runs — checked like every run, their
 *                          latencies kept apart from the measured ones; zero for none
 * @param warmupShare       the largest share of the planned runs that may be warm-up runs (0..1)
 * @param shard             the slice of a job split over several drivers that this one runs ({@code --shard I/N}):
 *                          {@code users} is the whole job's, of which this driver runs users {@code I}, {@code I+N},
 *                          … ({@link Shard}); {@link Shard#WHOLE} for an unsplit load
 */
public record LoadConfig(URI target, String manager, String jwtSecret, Map<String, String> tokens, boolean allowRemote,
                         int users, int sessionsPerUser, int runsPerSession, Duration duration, double rate,
                         Duration rampUp, double connectRate, Scenario scenario, int churnEvery, Duration runTimeout,
                         Duration connectTimeout, Duration deadline, boolean checker, Path out, boolean quiet,
                         int eventLoops, int sourceAddresses, int leakRecordsPerPair, int leakRecordsMax,
                         String authMode, int thinkMinMs, int thinkMaxMs, boolean preferNio,
                         String serverMode, List<Path> plugins, Duration linger, Map<String, String> extra,
                         boolean verifyRecovery, Identities.Style ids, int runsInFlight,
                         int tabsPerThread, Duration idleGap, Duration evictIdleAfter, Duration warmup,
                         double warmupShare, Shard shard) {

    /**
     * The default warm-up: the first 2 s of runs, at most a fifth of them. The driver's own JIT warm-up takes about 2 s
     * on 2 cores (docs/load.md) and puts the whole-run p99 at 4–6 times the steady one; the cap keeps most runs of a
     * short load in the measured phase.
     */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(2);
    public static final double DEFAULT_WARMUP_SHARE = 0.2;

    /** Pressure: the embedded server's idle-eviction threshold unless given. */
    public static final Duration DEFAULT_PRESSURE_EVICT_AFTER = Duration.ofMillis(200);

    public LoadConfig {
        tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        serverMode = serverMode == null ? "auto" : serverMode;
        linger = linger == null ? Duration.ZERO : linger;
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        ids = ids == null ? Identities.Style.TAME : ids;
        warmup = warmup == null ? Duration.ZERO : warmup;
        shard = shard == null ? Shard.WHOLE : shard;
    }

    /** The users this driver runs: its shard's slice of {@code users}. */
    public int shardUsers() {
        return shard.sizeOf(users);
    }

    /** Whether the load has a warm-up phase. */
    public boolean warmsUp() {
        return !warmup.isZero() && warmupShare > 0;
    }

    /** Pressure: the embedded server's idle-eviction threshold. */
    public Duration pressureEvictAfter() {
        return evictIdleAfter != null ? evictIdleAfter : DEFAULT_PRESSURE_EVICT_AFTER;
    }

    /** How long a dropped tab stays away: pressure's idle gap (past the eviction threshold), churn's 1–19 ms otherwise. */
    public Duration pressureIdleGap() {
        return idleGap != null ? idleGap : pressureEvictAfter().multipliedBy(2);
    }

    /** The sessions this driver opens (its shard's). */
    public int sessions() {
        return shardUsers() * sessionsPerUser;
    }

    /** Runs planned when bounded by count; with a duration and a rate, rate × duration; else -1 (unknown). */
    public long plannedRuns() {
        if (runsPerSession > 0) {
            return (long) sessions() * runsPerSession;
        }
        if (rate > 0 && duration != null) {
            return (long) Math.floor(rate * duration.toNanos() / 1e9);
        }
        return -1;
    }

    public boolean embedded() {
        return target == null;
    }

    /** @throws IllegalArgumentException naming the first bad field */
    public LoadConfig validate() {
        if (users < 1 || users > 1_000_000) {
            throw new IllegalArgumentException("--users must be 1..1000000, got " + users);
        }
        if (sessionsPerUser < 1 || sessionsPerUser > 1000) {
            throw new IllegalArgumentException("--sessions-per-user must be 1..1000, got " + sessionsPerUser);
        }
        if ((long) shardUsers() * sessionsPerUser > 200_000) {
            throw new IllegalArgumentException("at most 200000 sessions, got " + (long) shardUsers() * sessionsPerUser);
        }
        if (shardUsers() == 0) {
            throw new IllegalArgumentException("--shard " + shard + " of --users " + users + " leaves this shard no user"
                    + " (user i runs on shard i % " + shard.count() + ")");
        }
        if (runsPerSession < 0 || runsPerSession > 1_000_000) {
            throw new IllegalArgumentException("--runs-per-session must be 0..1000000, got " + runsPerSession);
        }
        if ((runsPerSession > 0) == (duration != null)) {
            throw new IllegalArgumentException("give exactly one of --runs-per-session and --duration");
        }
        if (duration != null && (duration.isNegative() || duration.isZero() || duration.toHours() > 24)) {
            throw new IllegalArgumentException("--duration must be positive and at most 24h, got " + duration);
        }
        if (rate < 0 || rate > 10_000_000 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("--rate must be >= 0 runs/s, got " + rate);
        }
        if (connectRate < 0 || Double.isNaN(connectRate)) {
            throw new IllegalArgumentException("--connect-rate must be >= 0, got " + connectRate);
        }
        Objects.requireNonNull(rampUp, "rampUp");
        Objects.requireNonNull(scenario, "scenario");
        if (rampUp.isNegative()) {
            throw new IllegalArgumentException("--ramp-up must not be negative");
        }
        if (churnEvery < 1) {
            throw new IllegalArgumentException("--churn-every must be at least 1, got " + churnEvery);
        }
        for (var d : new Duration[] {runTimeout, connectTimeout, deadline}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("--run-timeout, --connect-timeout and --deadline must be positive");
            }
        }
        if (warmup.isNegative() || !(warmupShare >= 0 && warmupShare <= 1)) {
            throw new IllegalArgumentException("--warmup must be a duration or a share of the runs (0..100%), got "
                    + warmup + " / " + warmupShare);
        }
        if (runsInFlight < 1 || runsInFlight > 1000) {
            throw new IllegalArgumentException("--runs-in-flight must be 1..1000, got " + runsInFlight);
        }
        if (tabsPerThread < 1 || tabsPerThread > sessionsPerUser) {
            throw new IllegalArgumentException("--tabs-per-thread must be 1..--sessions-per-user (" + sessionsPerUser
                    + "), got " + tabsPerThread);
        }
        for (Duration d : new Duration[] {idleGap, evictIdleAfter}) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("--idle-gap and --evict-idle-after must be positive, got " + d);
            }
        }
        if (scenario == Scenario.PRESSURE && pressureIdleGap().compareTo(runTimeout) >= 0) {
            throw new IllegalArgumentException("--idle-gap (" + pressureIdleGap() + ") must be shorter than --run-timeout ("
                    + runTimeout + "): a run abandoned by a dropped tab must be recoverable before its deadline");
        }
        if (scenario == Scenario.PRESSURE && target == null && serverMode.equals("child")) {
            throw new IllegalArgumentException("--scenario pressure sets the embedded server's idle eviction and runs it"
                    + " in this process: --server child is not supported with it");
        }
        if (linger.isNegative() || linger.toMinutes() > 10) {
            throw new IllegalArgumentException("--linger must be 0..10m, got " + linger);
        }
        if (eventLoops < 1 || eventLoops > 64) {
            throw new IllegalArgumentException("--event-loops must be 1..64, got " + eventLoops);
        }
        if (sourceAddresses < 0 || sourceAddresses > 250) {
            throw new IllegalArgumentException("--source-addresses must be 0..250, got " + sourceAddresses);
        }
        if (leakRecordsPerPair < 0 || leakRecordsMax < 0) {
            throw new IllegalArgumentException("leak record limits must not be negative");
        }
        if (!authMode.equals("header") && !authMode.equals("subprotocol") && !authMode.equals("mixed")) {
            throw new IllegalArgumentException("--auth must be header, subprotocol or mixed, got " + authMode);
        }
        if (!serverMode.equals("auto") && !serverMode.equals("in-process") && !serverMode.equals("child")) {
            throw new IllegalArgumentException("--server must be auto, in-process or child, got " + serverMode);
        }
        if (thinkMinMs < 0 || thinkMaxMs < thinkMinMs) {
            throw new IllegalArgumentException("--think-ms must be N or MIN-MAX with 0 <= MIN <= MAX");
        }
        if (target == null) {
            if (manager == null || manager.isBlank()) {
                throw new IllegalArgumentException("--manager is required without --target");
            }
        } else {
            if (!"ws".equals(target.getScheme())) {
                throw new IllegalArgumentException("--target must be a ws:// URI, got " + target);
            }
            if (target.getHost() == null) {
                throw new IllegalArgumentException("--target has no host: " + target);
            }
            if ((jwtSecret == null || jwtSecret.isEmpty()) && tokens.isEmpty()) {
                throw new IllegalArgumentException("--target needs --jwt-secret or --token-file");
            }
        }
        return this;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: embedded ssot server, 10 users × 1 session × 5 runs, closed model, steady. */
    public static final class Builder {
        URI target;
        String manager = "ssot";
        String jwtSecret;
        Map<String, String> tokens = Map.of();
        boolean allowRemote;
        int users = 10;
        int sessionsPerUser = 1;
        int runsPerSession = 5;
        Duration duration;
        double rate;
        Duration rampUp = Duration.ZERO;
        double connectRate;
        Scenario scenario = Scenario.STEADY;
        int churnEvery = 2;
        Duration runTimeout = Duration.ofSeconds(30);
        Duration connectTimeout = Duration.ofSeconds(60);
        Duration deadline = Duration.ofMinutes(10);
        boolean checker = true;
        Path out;
        boolean quiet = true;
        int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
        int sourceAddresses;
        int leakRecordsPerPair = 10;
        int leakRecordsMax = 10_000;
        String authMode = "header";
        int thinkMinMs = 1;
        int thinkMaxMs = 1;
        boolean preferNio;
        String serverMode = "auto";
        List<Path> plugins = List.of();
        Duration linger = Duration.ofMillis(500);
        Map<String, String> extra = Map.of();
        boolean verifyRecovery = true;
        Identities.Style ids = Identities.Style.TAME;
        int runsInFlight = 1;
        int tabsPerThread = 1;
        Duration idleGap;
        Duration evictIdleAfter;
        Duration warmup = DEFAULT_WARMUP;
        double warmupShare = DEFAULT_WARMUP_SHARE;
        Shard shard = Shard.WHOLE;

        public Builder target(URI v) { target = v; return this; }
        public Builder manager(String v) { manager = v; return this; }
        public Builder jwtSecret(String v) { jwtSecret = v; return this; }
        public Builder tokens(Map<String, String> v) { tokens = v; return this; }
        public Builder allowRemote(boolean v) { allowRemote = v; return this; }
        public Builder users(int v) { users = v; return this; }
        public Builder sessionsPerUser(int v) { sessionsPerUser = v; return this; }
        public Builder runsPerSession(int v) { runsPerSession = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder rampUp(Duration v) { rampUp = v; return this; }
        public Builder connectRate(double v) { connectRate = v; return this; }
        public Builder scenario(Scenario v) { scenario = v; return this; }
        public Builder churnEvery(int v) { churnEvery = v; return this; }
        public Builder runTimeout(Duration v) { runTimeout = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder deadline(Duration v) { deadline = v; return this; }
        public Builder checker(boolean v) { checker = v; return this; }
        public Builder out(Path v) { out = v; return this; }
        public Builder quiet(boolean v) { quiet = v; return this; }
        public Builder eventLoops(int v) { eventLoops = v; return this; }
        public Builder sourceAddresses(int v) { sourceAddresses = v; return this; }
        public Builder leakRecordsPerPair(int v) { leakRecordsPerPair = v; return this; }
        public Builder leakRecordsMax(int v) { leakRecordsMax = v; return this; }
        public Builder authMode(String v) { authMode = v; return this; }
        public Builder think(int minMs, int maxMs) { thinkMinMs = minMs; thinkMaxMs = maxMs; return this; }
        public Builder preferNio(boolean v) { preferNio = v; return this; }
        public Builder extra(Map<String, String> v) { extra = v; return this; }
        public Builder serverMode(String v) { serverMode = v; return this; }
        public Builder plugins(List<Path> v) { plugins = v; return this; }
        public Builder linger(Duration v) { linger = v; return this; }
        public Builder verifyRecovery(boolean v) { verifyRecovery = v; return this; }
        /** tame or adversarial. */
        public Builder ids(String v) { ids = Identities.Style.parse(v); return this; }
        public Builder runsInFlight(int v) { runsInFlight = v; return this; }
        public Builder tabsPerThread(int v) { tabsPerThread = v; return this; }
        public Builder idleGap(Duration v) { idleGap = v; return this; }
        public Builder evictIdleAfter(Duration v) { evictIdleAfter = v; return this; }
        /** The first {@code time} of runs, at most {@code share} of them, are warm-up; zero time or share: none. */
        public Builder warmup(Duration time, double share) { warmup = time; warmupShare = share; return this; }
        /** Run only this slice of the users ({@code --shard I/N}). */
        public Builder shard(Shard v) { shard = v; return this; }

        public LoadConfig build() {
            return new LoadConfig(target, manager, jwtSecret, tokens, allowRemote, users, sessionsPerUser,
                    runsPerSession, duration, rate, rampUp, connectRate, scenario, churnEvery, runTimeout,
                    connectTimeout, deadline, checker, out, quiet, eventLoops, sourceAddresses, leakRecordsPerPair,
                    leakRecordsMax, authMode, thinkMinMs, thinkMaxMs, preferNio, serverMode, plugins, linger, extra,
                    verifyRecovery, ids, runsInFlight, tabsPerThread, idleGap, evictIdleAfter, warmup, warmupShare, shard);
        }
    }
}
