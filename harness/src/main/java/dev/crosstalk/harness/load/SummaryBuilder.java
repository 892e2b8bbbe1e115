package dev.crosstalk.harness.load;

import dev.crosstalk.harness.server.Transport;
import dev.crosstalk.results.archive.LoadSummary;
import dev.crosstalk.results.archive.ResourceSeries;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@code summary.json}'s record from what a load counted and measured. Called by the driver
 * thread once the sessions are closed, so every counter it reads is final.
 */
final class SummaryBuilder {

    /** How many leaking pairs summary.json lists with exact counts. */
    static final int TOP_LEAK_PAIRS = 20;

    /**
     * How the load ended, beyond the counters: runs in flight at the end and runs never started, the exit
     * code and why it is 2, and what is known of the server and the run phase (null: not known).
     */
    record Ending(long unfinished, long notStarted, String problem, int exitCode, String serverMode,
                  Map<String, Long> serverStats, RunPhase phase, ResourceSeries resources) {

        /** A load that could not start. */
        static Ending failed(String problem) {
            return new Ending(0, 0, problem, 2, null, null, null, null);
        }
    }

    private final LoadContext ctx;
    private final Instant startedAt;
    private final long t0;
    private final Transport transport;

    SummaryBuilder(LoadContext ctx, Instant startedAt, long t0, Transport transport) {
        this.ctx = ctx;
        this.startedAt = startedAt;
        this.t0 = t0;
        this.transport = transport;
    }

    /** {@code rep} null: no latency was measured. */
    LoadSummary build(long elapsedNanos, Reporter rep, Ending end) {
        LoadConfig c = ctx.config;
        LoadState st = ctx.state;
        double secs = elapsedNanos / 1e9;
        long planned = c.plannedRuns();
        LoadSummary.Runs runs = new LoadSummary.Runs(planned >= 0 ? planned : st.runsStarted.sum(),
                st.runsStarted.sum(), st.runsCompleted.sum());
        Map<String, Long> findings = new LinkedHashMap<>();
        findings.put("leaks", st.leaks.sum());
        findings.put("losses", st.losses.sum());
        findings.put("order_violations", st.orderViolations.sum());
        findings.put("duplicates", st.duplicates.sum());
        findings.put("refusals", st.refusals());
        if (end.resources() != null) {
            // a soak (resources sampled): 1 when the heap or the descriptors rose (load/resources.json says which)
            findings.put("resource_growth", end.resources().flat() ? 0L : 1L);
        }
        Map<String, Long> errors = new LinkedHashMap<>();
        errors.put("connect_failed", st.connectFailed.sum());
        errors.put("handshake_refused", st.handshakeRefused.sum());
        errors.put("server_errors", st.serverErrors.sum());
        Map<String, LoadSummary.Latency> latency = new LinkedHashMap<>();
        for (int i = 0; i < Latency.METRICS.size(); i++) {
            latency.put(Latency.METRICS.get(i), rep == null ? LoadSummary.Latency.EMPTY : percentiles(rep.total(i)));
        }
        return new LoadSummary(1, "load", c.scenario().label(), c.embedded() ? c.manager() : null,
                c.embedded() ? "embedded" : String.valueOf(c.target()), c.shardUsers(), c.sessions(), round(secs, 3), runs,
                st.events.sum(), round(st.runsCompleted.sum() / Math.max(secs, 1e-9), 1),
                round(st.events.sum() / Math.max(secs, 1e-9), 1), findings, st.topLeakPairs(TOP_LEAK_PAIRS), errors,
                latency, details(end));
    }

    private static LoadSummary.Latency percentiles(Histogram h) {
        return LoadSummary.Latency.of(h);
    }

    private LoadSummary.Details details(Ending end) {
        LoadConfig c = ctx.config;
        LoadState st = ctx.state;
        RunPhase phase = end.phase();
        Double phaseSeconds = null;
        Double phaseRuns = null;
        Double phaseEvents = null;
        if (phase != null && !Double.isNaN(phase.seconds(t0))) {
            // From the first scheduled run to the last session's end: the throughput of the run phase alone.
            double s = phase.seconds(t0);
            phaseSeconds = Math.round(s * 1000) / 1000.0;
            phaseRuns = Math.round(st.runsCompleted.sum() / s * 10) / 10.0;
            phaseEvents = Math.round(st.events.sum() / s * 10) / 10.0;
        }
        Double cpuSeconds = null;
        Double cpuPerEvent = null;
        if (phase != null && phase.cpuMeasured()) {
            // CPU this JVM spent per event in the run phase: with a child-JVM server, the driver's alone.
            // Unlike throughput, it hardly depends on what else the machine runs.
            long cpu = phase.cpuEndNanos - phase.cpuStartNanos;
            cpuSeconds = Math.round(cpu / 1e6) / 1000.0;
            cpuPerEvent = Math.round(cpu / 1e3 / (phase.eventsAtEnd - phase.eventsAtStart) * 100) / 100.0;
        }
        boolean pressure = c.scenario() == Scenario.PRESSURE;
        String think = c.thinkMinMs() == c.thinkMaxMs() ? String.valueOf(c.thinkMinMs())
                : c.thinkMinMs() + "-" + c.thinkMaxMs();
        return new LoadSummary.Details(end.exitCode(), end.problem(), startedAt.toString(), c.checker(),
                transport.label(), c.eventLoops(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                c.sessionsPerUser(), c.runsPerSession(), c.rate(), c.rate() > 0 ? "open" : "closed",
                c.rampUp().toMillis() / 1000.0, c.connectRate(), think, c.runTimeout().toMillis() / 1000.0,
                end.notStarted(), end.unfinished(), st.runsRefused.sum(), st.runsAbandoned.sum(),
                st.agentErrors.sum(), st.lateEvents.sum(), st.siblingEvents.sum(), st.unknownOwnerLeaks.sum(),
                st.leakPairs(), Math.min(st.keptLeaks().size(), c.leakRecordsMax()), st.protocolErrors.sum(),
                st.serverClosed.sum(), st.connects.sum(), st.reconnects.sum(), st.sessionsEverUp.get(),
                ctx.firstError.get(), phase == null ? null : phase.heapPerIdleSession, end.serverStats(),
                labels(c), end.serverMode(), phaseSeconds, phaseRuns, phaseEvents,
                cpuSeconds, cpuPerEvent, st.recoveredRuns.sum(),
                ctx.verifyRecovery ? "verified" : "not verified: " + ctx.recoveryWaived,
                c.tokens().isEmpty() ? c.ids().label() : "token-file", st.sessionsRefused.sum(), c.runsInFlight(),
                c.tabsPerThread(), pressure ? st.loudRefusals.sum() : null, pressure ? st.runsForgone.sum() : null,
                pressure ? st.recoveriesForgone.sum() : null,
                pressure ? c.pressureIdleGap().toMillis() / 1000.0 : null,
                pressure && c.embedded() ? c.pressureEvictAfter().toMillis() / 1000.0 : null, st.lateRuns.sum());
    }

    /** The run's labels (e.g. its profile) and, on a shard, {@code shard: I/N}; null when there are none. */
    private static Map<String, String> labels(LoadConfig c) {
        Map<String, String> labels = new LinkedHashMap<>(c.extra());
        if (!c.shard().whole()) {
            labels.put("shard", c.shard().toString());
            labels.put("job_users", String.valueOf(c.users()));
        }
        return labels.isEmpty() ? null : labels;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
