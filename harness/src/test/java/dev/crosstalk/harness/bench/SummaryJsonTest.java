package dev.crosstalk.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.results.archive.BenchSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** summary.json as docs/formats.md defines it, from the recorded JMH run. */
class SummaryJsonTest {

    @Test
    void writesTheContractFromTheRecordedRun(@TempDir Path dir) throws Exception {
        Path file = BenchSummary.of("smoke", Fixtures.rows()).write(dir.resolve(BenchSummary.FILE));

        assertThat(file).isEqualTo(dir.resolve("summary.json"));
        try (var listing = Files.list(dir)) {
            assertThat(listing).as("no temporary file left behind").containsExactly(file);
        }
        JsonNode doc = new ObjectMapper().readTree(file.toFile());
        assertThat(doc.get("schema").asInt()).isEqualTo(1);
        assertThat(doc.get("instrument").asText()).isEqualTo("bench");
        assertThat(doc.get("profile").asText()).isEqualTo("smoke");
        assertThat(doc.get("rows")).hasSize(18);

        JsonNode row = doc.get("rows").get(0);
        List<String> keys = new ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("benchmark", "manager", "params", "threads", "mode", "score", "error",
                "unit", "alloc_bytes_per_op");
        assertThat(row.get("benchmark").asText()).isEqualTo("dev.crosstalk.bench.CreationBenchmark.coldCreate");
        assertThat(row.get("manager").asText()).isEqualTo("ssot");
        assertThat(row.get("params").get("manager").asText()).isEqualTo("ssot");
        assertThat(row.get("threads").asInt()).isEqualTo(1);
        assertThat(row.get("unit").asText()).isEqualTo("ns/op");
        assertThat(row.get("alloc_bytes_per_op").asDouble()).isBetween(271.9, 272.1);

        for (String manager : List.of("ssot", "registry", "factory")) {
            assertThat(doc.get("rows")).filteredOn(r -> r.get("manager").asText().equals(manager))
                    .as(manager).hasSize(6)
                    .allSatisfy(r -> assertThat(r.get("alloc_bytes_per_op").isNumber()).isTrue());
        }
        JsonNode golden = doc.get("rows").get(12);
        assertThat(golden.get("params").get("connections").asText()).isEqualTo("1");
    }

    @Test
    void aMissingErrorIsNullNotNaN() throws Exception {
        BenchSummary.Row row = new BenchSummary.Row("a.B.c", "ssot", java.util.Map.of("manager", "ssot"), 1, "avgt", 1.0, null,
                "ns/op", null);
        JsonNode doc = new ObjectMapper().readTree(BenchSummary.of("nightly", List.of(row)).toJson());
        assertThat(doc.get("rows").get(0).get("error").isNull()).isTrue();
        assertThat(doc.get("rows").get(0).get("alloc_bytes_per_op").isNull()).isTrue();
    }
}
