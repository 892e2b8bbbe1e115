package dev.crosstalk.results.archive;

import java.util.Map;

/** {@code load/summary.json}: one load run's totals, findings and latency percentiles (µs). */
public record LoadSummary(int schema, String instrument, String scenario, String manager, String target,
                          int users, int sessions, double durationSeconds, Runs runs, long events,
                          double runsPerSecond, double eventsPerSecond, Map<String, Long> findings,
                          Map<String, Long> errors, Map<String, Latency> latency) {

    public LoadSummary {
        findings = findings == null ? Map.of() : findings;
        errors = errors == null ? Map.of() : errors;
        latency = latency == null ? Map.of() : latency;
    }

    public record Runs(long planned, long started, long completed) {
    }

    public record Latency(long count, double p50Us, double p90Us, double p99Us, double p999Us, double maxUs) {
    }

    public long finding(String name) {
        Long v = findings.get(name);
        return v == null ? 0 : v;
    }
}
