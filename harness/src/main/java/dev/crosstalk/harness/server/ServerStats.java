package dev.crosstalk.harness.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one server; every field is safe to update from any thread. */
public final class ServerStats {
    public final LongAdder authRejected = new LongAdder();
    public final LongAdder badRequests = new LongAdder();
    public final LongAdder sessionsOpened = new LongAdder();
    public final LongAdder sessionsClosed = new LongAdder();
    public final LongAdder setupFailures = new LongAdder();
    public final LongAdder errorReplies = new LongAdder();
    public final LongAdder runsStarted = new LongAdder();
    public final LongAdder runsCompleted = new LongAdder();
    public final LongAdder runsFailed = new LongAdder();
    public final LongAdder eventsSent = new LongAdder();
    public final LongAdder slowReadersClosed = new LongAdder();
    /** Sessions closed with 1008 for leaving more than maxPendingReplies replies unread. */
    public final LongAdder floodersClosed = new LongAdder();
    /** Upgrades refused with 429 because the user was closed as a flooder within the flood penalty. */
    public final LongAdder floodPenaltyRefused = new LongAdder();
    /** Connections closed for not completing the WebSocket upgrade within the handshake timeout. */
    public final LongAdder handshakeTimeouts = new LongAdder();
    /** Sessions closed with 1001 after the idle timeout. */
    public final LongAdder idleClosed = new LongAdder();
    /** Sessions closed for a message too big (1009), a protocol violation (1002) or an unexpected error (1011). */
    public final LongAdder protocolErrorsClosed = new LongAdder();
    /** Exceptions that reached a session's handler other than I/O errors and protocol violations: none expected. */
    public final LongAdder unexpectedErrors = new LongAdder();
    /** Accepts that failed (e.g. EMFILE at the descriptor limit); accepting pauses and resumes. */
    public final LongAdder acceptFailures = new LongAdder();
    /** Times reading from a connection was paused because it could not be written to (its client reads slowly). */
    public final LongAdder readsPaused = new LongAdder();
    /** Managers the idle sweep evicted ({@link GoldenPathServer#sweepIdleEvery}). */
    public final LongAdder managersEvicted = new LongAdder();
    /** Runs whose start_agent arrived while the backend's open() had not returned yet (the register-after-ready window). */
    public final LongAdder runsStartedBeforeOpenReturned = new LongAdder();
    /** From writing connection_established to reading the session's first start_agent: sum, count and minimum. */
    public final LongAdder readyToFirstStartNanos = new LongAdder();
    public final LongAdder readyToFirstStartCount = new LongAdder();
    public final AtomicLong readyToFirstStartMinNanos =
            new AtomicLong(Long.MAX_VALUE);

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("auth_rejected", authRejected.sum());
        m.put("bad_requests", badRequests.sum());
        m.put("sessions_opened", sessionsOpened.sum());
        m.put("sessions_closed", sessionsClosed.sum());
        m.put("setup_failures", setupFailures.sum());
        m.put("error_replies", errorReplies.sum());
        m.put("runs_started", runsStarted.sum());
        m.put("runs_completed", runsCompleted.sum());
        m.put("runs_failed", runsFailed.sum());
        m.put("events_sent", eventsSent.sum());
        m.put("slow_readers_closed", slowReadersClosed.sum());
        m.put("flooders_closed", floodersClosed.sum());
        m.put("flood_penalty_refused", floodPenaltyRefused.sum());
        m.put("handshake_timeouts", handshakeTimeouts.sum());
        m.put("idle_closed", idleClosed.sum());
        m.put("accept_failures", acceptFailures.sum());
        m.put("protocol_errors_closed", protocolErrorsClosed.sum());
        m.put("unexpected_errors", unexpectedErrors.sum());
        m.put("reads_paused", readsPaused.sum());
        m.put("managers_evicted", managersEvicted.sum());
        m.put("runs_started_before_open_returned", runsStartedBeforeOpenReturned.sum());
        long n = readyToFirstStartCount.sum();
        m.put("ready_to_first_start_avg_us", n == 0 ? 0 : readyToFirstStartNanos.sum() / n / 1000);
        m.put("ready_to_first_start_min_us", n == 0 ? 0 : readyToFirstStartMinNanos.get() / 1000);
        return m;
    }
}
