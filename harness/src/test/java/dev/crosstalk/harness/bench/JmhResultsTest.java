package dev.crosstalk.harness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.results.archive.BenchSummary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class JmhResultsTest {

    @Test
    void readsEveryConfigurationOfTheRecordedRunWithItsAllocation() throws Exception {
        List<BenchSummary.Row> rows = Fixtures.rows();

        assertThat(rows).hasSize(18);
        assertThat(rows).extracting(BenchSummary.Row::manager).containsOnly("ssot", "registry", "factory");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.unit()).isEqualTo("ns/op");
            assertThat(r.mode()).isEqualTo("avgt");
            assertThat(r.allocBytesPerOp()).as("gc.alloc.rate.norm of " + r.benchmark()).isNotNull().isPositive();
            assertThat(r.score()).isPositive();
        });
        BenchSummary.Row first = rows.get(0);
        assertThat(first.benchmark()).isEqualTo("dev.crosstalk.bench.CreationBenchmark.coldCreate");
        assertThat(first.shortName()).isEqualTo("CreationBenchmark.coldCreate");
        assertThat(first.manager()).isEqualTo("ssot");
        assertThat(first.params()).containsExactly(Map.entry("manager", "ssot"));
        assertThat(first.threads()).isEqualTo(1);
        assertThat(first.score()).isCloseTo(58.666, within(0.001));
        assertThat(first.error()).isCloseTo(144.266, within(0.001));
        assertThat(first.allocBytesPerOp()).isCloseTo(272.0, within(0.01));

        BenchSummary.Row contended = rows.stream().filter(r -> r.benchmark().endsWith("coldCreate_2threads")).findFirst().orElseThrow();
        assertThat(contended.threads()).isEqualTo(2);
        BenchSummary.Row golden = rows.stream().filter(r -> r.benchmark().endsWith("emitRun")).findFirst().orElseThrow();
        assertThat(golden.params()).containsEntry("connections", "1").containsEntry("manager", "ssot");
    }

    @Test
    void nanErrorsBecomeNullAndOldDottedMetricNamesAreRead() throws Exception {
        String json = """
                [{"benchmark":"a.B.c","mode":"avgt","threads":1,"params":{"manager":"ssot"},
                  "primaryMetric":{"score":12.5,"scoreError":"NaN","scoreUnit":"ns/op","rawData":[[12.5]]},
                  "secondaryMetrics":{"\\u00b7gc.alloc.rate.norm":{"score":48.0,"scoreError":"NaN","scoreUnit":"B/op"}}},
                 {"benchmark":"a.B.d","mode":"avgt","threads":1,
                  "primaryMetric":{"score":1.0,"scoreError":0.5,"scoreUnit":"ns/op"}}]
                """;
        List<BenchSummary.Row> rows = JmhResults.parse(new ObjectMapper().readTree(json), "test");

        assertThat(rows.get(0).error()).isNull();
        assertThat(rows.get(0).allocBytesPerOp()).isEqualTo(48.0);
        assertThat(rows.get(1).manager()).isNull();
        assertThat(rows.get(1).allocBytesPerOp()).as("no -prof gc").isNull();
        assertThat(rows.get(1).error()).isEqualTo(0.5);
    }

    @Test
    void refusesWhatIsNotAJmhResult() {
        assertThatThrownBy(() -> JmhResults.parse(new ObjectMapper().readTree("{\"schema\":1}"), "x.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x.json");
    }
}
