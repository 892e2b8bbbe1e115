package dev.crosstalk.results.trend;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.JmhBenchmark;
import dev.crosstalk.results.archive.LoadSummary;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.compare.Comparer;
import dev.crosstalk.results.stats.Stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scalar metrics of one archive that a history can follow, by name:
 * <ul>
 *   <li>{@code bench:<Class.method params>} — the median of the fork medians of JMH rawData (the benchmark's
 *       unit; the fork is the sample, as in compare);</li>
 *   <li>{@code bench-alloc:<Class.method params>} — median B/op ({@code ·gc.alloc.rate.norm});</li>
 *   <li>{@code load:<metric> <p50|p99|p99.9>} — latency in µs from latency.hlog (or summary.json); not the
 *       maximum: one observation per run, its history is noise and would raise false change points;</li>
 *   <li>{@code load:runs/s}, {@code load:events/s}, {@code load:leaks}, {@code load:losses}.</li>
 * </ul>
 */
public final class Metrics {

    /** A metric's value in one archive, with its unit and direction. */
    public record Value(double value, String unit, boolean lowerIsBetter) {
    }

    private Metrics() {
    }

    /**
     * The metrics of {@code a}'s complete parts. A part that was interrupted or failed contributes nothing:
     * a load stopped after ten seconds, or a JMH run cut short, is not a point on the history but an
     * outlier that would raise a false change point (the point shows as missing instead).
     */
    public static Map<String, Value> of(Archive a) {
        Map<String, Value> m = new LinkedHashMap<>();
        if (a.status(Part.BENCH) == PartStatus.COMPLETE) {
            bench(a, m);
        }
        if (a.status(Part.LOAD) == PartStatus.COMPLETE) {
            load(a, m);
        }
        return m;
    }

    private static void bench(Archive a, Map<String, Value> m) {
        for (JmhBenchmark b : a.jmh().orElse(List.of())) {
            if (!b.raw().isEmpty()) {
                m.put("bench:" + b.label(), new Value(Stats.median(b.forkMedians()), b.unit(), b.lowerIsBetter()));
            } else if (Double.isFinite(b.score())) {
                m.put("bench:" + b.label(), new Value(b.score(), b.unit(), b.lowerIsBetter()));
            }
            if (!b.allocRaw().isEmpty()) {
                m.put("bench-alloc:" + b.label(), new Value(Stats.median(Stats.array(b.allocRaw())), "B/op", true));
            }
        }
    }

    private static void load(Archive a, Map<String, Value> m) {
        LoadSummary s = a.loadSummary().orElse(null);
        for (String metric : Comparer.LOAD_METRICS) {
            for (String stat : Comparer.LOAD_STATS) {
                if (stat.equals("max")) {
                    continue;
                }
                Double v = null;
                if (a.latency().isPresent()) {
                    double pct = switch (stat) {
                        case "p50" -> 50;
                        case "p99" -> 99;
                        case "p99.9" -> 99.9;
                        default -> 100;
                    };
                    double x = a.latency().get().percentileMicros(metric, pct);
                    v = Double.isNaN(x) ? null : x;
                } else if (s != null && s.latency().get(metric) != null && s.latency().get(metric).count() > 0) {
                    LoadSummary.Latency l = s.latency().get(metric);
                    v = switch (stat) {
                        case "p50" -> l.p50Us();
                        case "p99" -> l.p99Us();
                        case "p99.9" -> l.p999Us();
                        default -> l.maxUs();
                    };
                }
                if (v != null) {
                    m.put("load:" + metric + " " + stat, new Value(v, "µs", true));
                }
            }
        }
        if (s != null) {
            m.put("load:runs/s", new Value(s.runsPerSecond(), "runs/s", false));
            m.put("load:events/s", new Value(s.eventsPerSecond(), "events/s", false));
            m.put("load:leaks", new Value(s.finding("leaks"), "count", true));
            m.put("load:losses", new Value(s.finding("losses"), "count", true));
        }
    }
}
