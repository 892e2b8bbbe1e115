package dev.crosstalk.harness.server;

import java.util.LinkedHashMap;
import java.util.Map;
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

    public long activeSessions() {
        return sessionsOpened.sum() - sessionsClosed.sum();
    }

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
        return m;
    }
}
