package dev.crosstalk.harness.stress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.results.archive.StressResults.Outcome;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code dev.crosstalk.stress.export.ExportResults} (run inside {@code jcstress.jar}) wrote:
 * JCStress's own results, read with its {@code DiskReadCollector} and graded with its
 * {@code TestGrading}, one entry per fork.
 */
public record RawExport(List<String> expectedTests, List<RawResult> results) {

    public static final int SCHEMA = 1;

    /** One fork's result. {@code status} is JCStress's: NORMAL, TEST_ERROR, VM_ERROR, TIMEOUT_ERROR, ... */
    public record RawResult(String test, String description, String status, List<String> jvmArgs, int forkId,
                            long totalCount, List<String> messages, List<String> vmOut, List<String> vmErr,
                            List<Outcome> outcomes) {
    }

    /**
     * Reads an export.
     *
     * @throws IOException if the file is missing, not JSON, or of another schema
     */
    public static RawExport read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.path("schema").canConvertToInt() || root.path("schema").asInt() != SCHEMA) {
            throw new IOException(file + ": not a JCStress export of schema " + SCHEMA);
        }
        List<String> expected = strings(root.path("expected_tests"));
        List<RawResult> results = new ArrayList<>();
        for (JsonNode r : root.path("results")) {
            List<Outcome> outcomes = new ArrayList<>();
            for (JsonNode o : r.path("outcomes")) {
                outcomes.add(new Outcome(o.path("id").asText(), o.path("expectation").asText(),
                        o.path("count").asLong(), o.path("description").isNull() ? "" : o.path("description").asText()));
            }
            results.add(new RawResult(r.path("test").asText(null), r.path("description").asText(null),
                    r.path("status").asText("UNKNOWN"), strings(r.path("jvm_args")), r.path("fork_id").asInt(-1),
                    r.path("total_count").asLong(), strings(r.path("messages")), strings(r.path("vm_out")),
                    strings(r.path("vm_err")), outcomes));
        }
        return new RawExport(expected, results);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }
}
