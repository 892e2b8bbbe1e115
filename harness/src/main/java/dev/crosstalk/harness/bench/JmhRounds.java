package dev.crosstalk.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JMH results of several rounds over the same benchmarks, one fork each, joined into the {@code jmh.json} a single
 * JMH run of that many forks would have written: per benchmark × params, every round's forks in round order
 * ({@code rawData}: one list of iterations per fork), the score, its 99.9 % error and percentiles computed again over
 * all of them as JMH computes them (the mean of every iteration, Student's t), for the primary metric and for every
 * secondary metric that has raw data ({@code ·gc.alloc.rate.norm}, …).
 *
 * <p>Why the forks are spread over rounds: JMH runs the forks of one benchmark back to back, so a benchmark's five
 * forks share the same minute of the machine (a busy neighbour on the host, the page cache, the CPU's clock). Two
 * runs of {@code coldCreate} over ssot one after the other measured 43.4 and 37.2 ns/op, each run's five forks within
 * ±3 %: a shift of every fork together, which {@code compare}, whose sample is the fork, takes for a change of code.
 * In rounds, a benchmark's forks are a fifth of the run apart, so the machine's drift lands between forks of one side,
 * where the test sees it as the noise it is. (The same reason JMH's own advice gives for running forks at all, one
 * level up; Kalibera and Jones, "Rigorous Benchmarking in Reasonable Time", 2013, for the levels of repetition.)
 *
 * <p>Stateless; the nodes given are not modified.
 */
final class JmhRounds {

    private JmhRounds() {
    }

    /** The rounds' rows joined, in the order of the first round that has each benchmark × params. */
    static ArrayNode join(List<JsonNode> rounds) {
        Map<String, ObjectNode> rows = new LinkedHashMap<>();
        for (JsonNode round : rounds) {
            for (JsonNode row : round) {
                String key = key(row);
                ObjectNode joined = rows.get(key);
                if (joined == null) {
                    rows.put(key, row.deepCopy());
                } else {
                    add(joined, row);
                }
            }
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ObjectNode row : rows.values()) {
            restat(row.path("primaryMetric"));
            JsonNode secondary = row.path("secondaryMetrics");
            for (Iterator<JsonNode> it = secondary.elements(); it.hasNext(); ) {
                restat(it.next());
            }
            out.add(row);
        }
        return out;
    }

    /** Benchmark, mode, threads and params: what makes a row one configuration. */
    private static String key(JsonNode row) {
        return row.path("benchmark").asText() + "|" + row.path("mode").asText() + "|" + row.path("threads").asInt()
                + "|" + row.path("params");
    }

    /** Appends {@code row}'s forks to {@code joined}'s, metric by metric. */
    private static void add(ObjectNode joined, JsonNode row) {
        joined.put("forks", joined.path("forks").asInt() + row.path("forks").asInt());
        appendRaw(joined.path("primaryMetric"), row.path("primaryMetric"));
        JsonNode secondary = joined.path("secondaryMetrics");
        for (Iterator<Map.Entry<String, JsonNode>> it = secondary.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            appendRaw(e.getValue(), row.path("secondaryMetrics").path(e.getKey()));
        }
    }

    private static void appendRaw(JsonNode into, JsonNode from) {
        if (into instanceof ObjectNode o && o.get("rawData") instanceof ArrayNode raw
                && from.get("rawData") instanceof ArrayNode more) {
            more.forEach(fork -> raw.add(fork.deepCopy()));
        }
    }

    /** Score, error, confidence and percentiles of a metric, from all its raw data (as JMH's ListStatistics). */
    static void restat(JsonNode metric) {
        if (!(metric instanceof ObjectNode m) || !(m.get("rawData") instanceof ArrayNode raw)) {
            return;
        }
        List<Double> all = new ArrayList<>();
        raw.forEach(fork -> fork.forEach(v -> all.add(v.asDouble())));
        if (all.isEmpty()) {
            return;
        }
        double[] v = all.stream().mapToDouble(Double::doubleValue).toArray();
        int n = v.length;
        double mean = Arrays.stream(v).sum() / n;
        double error = Double.NaN;
        if (n > 2) {
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            double sd = Math.sqrt(ss / (n - 1));
            double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - 0.001 / 2);
            error = t * sd / Math.sqrt(n);
        }
        m.put("score", mean);
        if (Double.isNaN(error)) {
            m.put("scoreError", "NaN");
        } else {
            m.put("scoreError", error);
        }
        ArrayNode confidence = m.putArray("scoreConfidence");
        if (Double.isNaN(error)) {
            confidence.add("NaN").add("NaN");
        } else {
            confidence.add(mean - error).add(mean + error);
        }
        if (m.get("scorePercentiles") instanceof ObjectNode percentiles) {
            Percentile p = new Percentile();
            p.setData(v);
            double min = Arrays.stream(v).min().orElse(Double.NaN);
            for (Iterator<String> it = percentiles.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                double q = Double.parseDouble(name);
                percentiles.put(name, q <= 0 ? min : p.evaluate(Math.min(q, 100)));
            }
        }
    }
}
