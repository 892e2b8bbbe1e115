package dev.crosstalk.results.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code load/summary.json}: one load run's totals, findings, latency percentiles (µs), top leaking pairs
 * and the driver's details. The load driver writes it and the archive reads it, both through this record
 * ({@link LoadFiles} writes it): the components are in the order the file has its keys.
 *
 * @param manager the embedded server's manager; null (written as null) when the load drove a {@code --target}
 * @param details what a reader may ignore; null in archives written before the driver wrote it. Its
 *                {@code recovered_runs} (abandoned runs whose events all reached another connection of their
 *                user, once and in order) and {@code recovery} ({@code verified}, or why not) are absent
 *                (null) in archives written before the driver verified recovery; so are {@code ids} (tame or
 *                adversarial), {@code sessions_refused}, {@code runs_in_flight}, {@code tabs_per_thread} and,
 *                for the pressure scenario, {@code loud_refusals}, {@code runs_forgone},
 *                {@code recoveries_forgone}, {@code idle_gap_seconds} and {@code evict_idle_after_seconds}
 */
public record LoadSummary(int schema, String instrument, String scenario,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String manager, String target,
                          int users, int sessions, double durationSeconds, Runs runs, long events,
                          double runsPerSecond, double eventsPerSecond, Map<String, Long> findings,
                          List<LeakPair> topLeakPairs, Map<String, Long> errors, Map<String, Latency> latency,
                          Details details) {

    public LoadSummary {
        // Insertion order is the file's key order, so maps are copied as linked maps, not Map.copyOf.
        findings = findings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(findings));
        errors = errors == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        latency = latency == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(latency));
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

    /** Percentiles in µs of one metric; an empty metric (count 0) is written with integer zeros, as it always was. */
    @JsonSerialize(using = LatencyWriter.class)
    public record Latency(long count, double p50Us, double p90Us, double p99Us, double p999Us, double maxUs) {

        /** No value recorded. */
        public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0, 0);

        /**
         * The percentiles of {@code h} (values in ns) in µs, rounded to 0.1 µs: the one definition the driver's
         * summary and a merge of shards both use, so a merged p99 is the p99 of the summed histograms, computed alike.
         */
        public static Latency of(org.HdrHistogram.Histogram h) {
            if (h == null || h.getTotalCount() == 0) {
                return EMPTY;
            }
            return new Latency(h.getTotalCount(), us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)),
                    us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()));
        }

        private static double us(long nanos) {
            return Math.round(nanos / 1000.0 * 10) / 10.0;
        }
    }

    /**
     * Beyond the schema-1 keys: how the load ran and what else it counted. Boxed components are left out
     * of the file when null (the driver writes them only when they apply); {@code problem} and
     * {@code firstError} are always written, null or not.
     */
    public record Details(int exitCode, @JsonInclude(JsonInclude.Include.ALWAYS) String problem, String started,
                          boolean checker, String transport, int eventLoops, int cpus, String jvm,
                          int sessionsPerUser, int runsPerSession, double rate, String model, double rampUpSeconds,
                          double connectRate, String thinkMs, double runTimeoutSeconds, long runsNotStarted,
                          long runsUnfinished, long runsRefused, long runsAbandonedByChurn, long agentErrors,
                          long lateEvents, long siblingEvents, long leaksUnknownOwner, int leakPairs,
                          int leakRecordsKept, long protocolErrors, long serverClosed, long connects, long reconnects,
                          int sessionsEstablished, @JsonInclude(JsonInclude.Include.ALWAYS) String firstError,
                          Long heapBytesPerIdleSession, Map<String, Long> server, Map<String, String> labels,
                          String serverMode, Double runPhaseSeconds, Double runPhaseRunsPerSecond,
                          Double runPhaseEventsPerSecond, Double processCpuSecondsRunPhase,
                          Double processCpuUsPerEvent, Long recoveredRuns, String recovery, String ids,
                          Long sessionsRefused, Integer runsInFlight, Integer tabsPerThread, Long loudRefusals,
                          Long runsForgone, Long recoveriesForgone, Double idleGapSeconds,
                          Double evictIdleAfterSeconds, Long lateRuns) {
    }

    public long finding(String name) {
        Long v = findings.get(name);
        return v == null ? 0 : v;
    }

    public long error(String name) {
        Long v = errors.get(name);
        return v == null ? 0 : v;
    }

    /** Writes {@link Latency} with {@code 0} rather than {@code 0.0} for the percentiles of an empty metric. */
    static final class LatencyWriter extends StdSerializer<Latency> {

        LatencyWriter() {
            super(Latency.class);
        }

        @Override
        public void serialize(Latency l, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            g.writeNumberField("count", l.count());
            double[] values = {l.p50Us(), l.p90Us(), l.p99Us(), l.p999Us(), l.maxUs()};
            String[] names = {"p50_us", "p90_us", "p99_us", "p999_us", "max_us"};
            for (int i = 0; i < names.length; i++) {
                if (l.count() == 0) {
                    g.writeNumberField(names[i], 0);
                } else {
                    g.writeNumberField(names[i], values[i]);
                }
            }
            g.writeEndObject();
        }
    }
}
