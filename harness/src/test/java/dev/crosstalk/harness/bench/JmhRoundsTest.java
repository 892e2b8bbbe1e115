package dev.crosstalk.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Rounds of one fork each joined as one JMH run of several forks: the forks kept in round order (compare's sample),
 * score, 99.9 % error and percentiles computed again over every iteration, secondary metrics joined alike, and rows of
 * different params kept apart.
 */
class JmhRoundsTest {

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode round(String manager, String iterations, String alloc) throws Exception {
        return json.readTree("""
                [{"benchmark": "dev.crosstalk.bench.CreationBenchmark.coldCreate", "mode": "avgt", "threads": 1,
                  "forks": 1, "params": {"manager": "%s"},
                  "primaryMetric": {"score": 0, "scoreError": "NaN", "scoreConfidence": ["NaN", "NaN"],
                    "scorePercentiles": {"0.0": 0, "50.0": 0, "100.0": 0}, "scoreUnit": "ns/op", "rawData": [%s]},
                  "secondaryMetrics": {"·gc.alloc.rate.norm": {"score": 0, "scoreUnit": "B/op", "rawData": [%s]}}}]
                """.formatted(manager, iterations, alloc));
    }

    @Test
    void forksOfEveryRoundAreJoinedAndTheScoreIsComputedOverAllOfThem() throws Exception {
        ArrayNode joined = JmhRounds.join(List.of(
                round("ssot", "[1, 2, 3]", "[80, 80, 80]"),
                round("ssot", "[4, 5, 6]", "[80, 80, 88]")));

        assertThat(joined).hasSize(1);
        JsonNode row = joined.get(0);
        assertThat(row.path("forks").asInt()).isEqualTo(2);
        JsonNode m = row.path("primaryMetric");
        assertThat(m.path("rawData").toString()).isEqualTo("[[1,2,3],[4,5,6]]");
        assertThat(m.path("score").asDouble()).isEqualTo(3.5);
        // Student's t at 99.9 % with 5 degrees of freedom is 6.8688; sd 1.8708 over sqrt(6): JMH's error
        assertThat(m.path("scoreError").asDouble()).isCloseTo(6.8688 * 1.8708 / Math.sqrt(6), within(1e-3));
        assertThat(m.path("scoreConfidence").get(0).asDouble()).isCloseTo(3.5 - m.path("scoreError").asDouble(),
                within(1e-9));
        assertThat(m.path("scorePercentiles").path("0.0").asDouble()).isEqualTo(1);
        assertThat(m.path("scorePercentiles").path("50.0").asDouble()).isEqualTo(3.5);
        assertThat(m.path("scorePercentiles").path("100.0").asDouble()).isEqualTo(6);
        JsonNode alloc = row.path("secondaryMetrics").path("·gc.alloc.rate.norm");
        assertThat(alloc.path("rawData")).hasSize(2);
        assertThat(alloc.path("score").asDouble()).isCloseTo(488 / 6.0, within(1e-9));
    }

    @Test
    void rowsOfOtherParamsStayApartInTheOrderTheyFirstAppear() throws Exception {
        ArrayNode r1 = (ArrayNode) round("ssot", "[1, 1, 1]", "[8, 8, 8]");
        r1.addAll((ArrayNode) round("registry", "[9, 9, 9]", "[8, 8, 8]"));
        ArrayNode r2 = (ArrayNode) round("registry", "[7, 7, 7]", "[8, 8, 8]");
        r2.addAll((ArrayNode) round("ssot", "[3, 3, 3]", "[8, 8, 8]"));

        ArrayNode joined = JmhRounds.join(List.of(r1, r2));

        assertThat(joined).hasSize(2);
        assertThat(joined.get(0).path("params").path("manager").asText()).isEqualTo("ssot");
        assertThat(joined.get(0).path("primaryMetric").path("rawData").toString()).isEqualTo("[[1,1,1],[3,3,3]]");
        assertThat(joined.get(1).path("primaryMetric").path("rawData").toString()).isEqualTo("[[9,9,9],[7,7,7]]");
        assertThat(joined.get(1).path("primaryMetric").path("score").asDouble()).isEqualTo(8);
        assertThat(r1.get(0).path("forks").asInt()).as("the rounds' own nodes are left alone").isEqualTo(1);
    }
}
