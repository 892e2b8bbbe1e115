package dev.crosstalk.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.results.archive.BenchSummary.Row;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JMH's own JSON result file ({@code -rf json}) into {@link Row}s of {@code summary.json}. */
public final class JmhResults {

    /** The secondary metric {@code -prof gc} reports allocation per operation under (JMH 1.37). */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhResults() {
    }

    /** The rows of the JMH JSON file at {@code file}, in JMH's order. */
    public static List<Row> read(Path file) throws IOException {
        return parse(MAPPER.readTree(file.toFile()), file.toString());
    }

    /** The rows of a JMH JSON document; {@code source} names it in error messages. */
    public static List<Row> parse(JsonNode root, String source) {
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(source + " is not a JMH JSON result (expected a JSON array)");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode run : root) {
            String benchmark = text(run, "benchmark", source);
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode p = run.path("params");
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            JsonNode primary = run.path("primaryMetric");
            double score = number(primary.path("score"));
            if (Double.isNaN(score)) {
                throw new IllegalArgumentException(source + ": " + benchmark + " has no primary score");
            }
            Double error = finite(number(primary.path("scoreError")));
            JsonNode alloc = secondary(run.path("secondaryMetrics"), ALLOC_NORM);
            Double allocBytes = alloc == null ? null : finite(number(alloc.path("score")));
            rows.add(new Row(benchmark, params.get("manager"), params, run.path("threads").asInt(1),
                    run.path("mode").asText("?"), score, error, primary.path("scoreUnit").asText("?"), allocBytes));
        }
        return rows;
    }

    // Older JMH versions prefix profiler metrics with a middle dot ("·gc.alloc.rate.norm").
    private static JsonNode secondary(JsonNode metrics, String name) {
        if (metrics.has(name)) {
            return metrics.get(name);
        }
        JsonNode dotted = metrics.get("\u00b7" + name);
        return dotted;
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(source + ": a result has no \"" + field + "\"");
        }
        return v.asText();
    }

    // JMH writes NaN (and infinities) as strings.
    private static double number(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
