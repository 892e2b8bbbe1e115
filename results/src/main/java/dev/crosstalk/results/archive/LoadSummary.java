package dev.crosstalk.results.archive;

import java.util.List;
import java.util.Map;

/** {@code load/summary.json}: one load run's totals, findings, latency percentiles (µs) and top leaking pairs. */
public record LoadSummary(int schema, String instrument, String scenario, String manager, String target,
                          int users, int sessions, double durationSeconds, Runs runs, long events,
                          double runsPerSecond, double eventsPerSecond, Map<String, Long> findings,
                          Map<String, Long> errors, Map<String, Latency> latency, List<LeakPair> topLeakPairs) {

    public LoadSummary {
        findings = findings == null ? Map.of() : findings;
        errors = errors == null ? Map.of() : errors;
        latency = latency == null ? Map.of() : latency;
        topLeakPairs = topLeakPairs == null ? List.of() : List.copyOf(topLeakPairs);
    }

    /**
     * One of the pairs with the most leaks, with its exact count (absent in archives written before the
     * driver counted pairs; {@code leaks.jsonl} keeps only the first records of each pair).
     */
    public record LeakPair(String owningUser, String receivingUser, long leaks) {
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
