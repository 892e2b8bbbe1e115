package dev.crosstalk.harness.bench;

import dev.crosstalk.results.archive.BenchSummary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison table, from the recorded JMH run. */
class ComparisonTableTest {

    @Test
    void comparesRegistryAndFactoryWithDirectInstantiation() throws Exception {
        String table = ComparisonTable.render(Fixtures.rows());
        List<String> lines = table.lines().toList();

        assertThat(lines).hasSize(1 + 6 + 1); // header, one line per configuration, the legend
        assertThat(lines.get(0)).containsSubsequence("BENCHMARK", "PARAMS", "THR", "UNIT",
                "ssot (direct)", "±", "B/op", "registry", "±", "×ssot", "B/op", "factory", "±", "×ssot", "B/op");
        // registry cold create 226.555 ns vs ssot 58.666 ns: 3.86 x; 272 and 372 B/op
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .startsWith("CreationBenchmark.coldCreate ")
                .containsSubsequence("ns/op", "58.7", "144.3", "272", "226.6", "1373", "3.86", "372"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("CreationBenchmark.coldCreate_2threads ")
                .containsSubsequence(" 2 ", "ns/op"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("GoldenPathBenchmark.emitRun")
                .contains("connections=1"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("GoldenPathBenchmark.emitRun")
                .contains("connections=4"));
        assertThat(lines.get(lines.size() - 1)).startsWith("×ssot = score / ssot score");
    }

    @Test
    void withoutDirectTheFirstManagerIsTheReferenceAndGapsShowAsDashes() {
        BenchSummary.Row a = new BenchSummary.Row("p.B.m", "registry", Map.of("manager", "registry"), 1, "avgt", 10, 1.0, "ns/op", 24.0);
        BenchSummary.Row b = new BenchSummary.Row("p.B.m", "my-plugin", Map.of("manager", "my-plugin"), 1, "avgt", 25, null, "ns/op", null);
        BenchSummary.Row c = new BenchSummary.Row("p.B.other", "my-plugin", Map.of("manager", "my-plugin"), 1, "avgt", 5, null, "ns/op", 8.0);

        List<String> lines = ComparisonTable.render(List.of(a, b, c)).lines().toList();

        assertThat(lines.get(0)).contains("registry", "×registry", "my-plugin").doesNotContain("direct");
        assertThat(lines.get(1)).startsWith("B.m ").containsSubsequence("10.0", "1.00", "24", "25.0", "-", "2.50", "-");
        assertThat(lines.get(2)).startsWith("B.other ").containsSubsequence("-", "-", "-", "5.00");
    }

    @Test
    void noRows() {
        assertThat(ComparisonTable.render(List.of())).contains("no results");
    }
}
