package dev.crosstalk.harness.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.harness.testing.TestProviders;
import dev.crosstalk.manager.ssot.SsotProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A soak samples heap and descriptors through the load and fails when they rise; a correct path stays flat. */
class SoakTest {

    @TempDir
    Path out;

    private static LoadConfig.Builder soak(String manager) {
        return LoadConfig.builder().manager(manager).users(10).sessionsPerUser(2).runsPerSession(0)
                .duration(Duration.ofSeconds(8)).runTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(60))
                .eventLoops(2).quiet(true).linger(Duration.ZERO).serverMode("in-process")
                // 8 s is shorter than the driver's own filling (its memory of runs, 65 s here): a 2 s warm-up instead
                .extra(Map.of(LoadDriver.SAMPLE_RESOURCES, "0.25", LoadDriver.SAMPLE_WARM_UP, "2"));
    }

    @Test
    void aCorrectPathsSoakIsFlatAndItsSeriesIsWritten() throws Exception {
        LoadResult r = LoadTests.run(soak("ssot").out(out).build(), new SsotProvider());
        JsonNode series = new ObjectMapper().readTree(out.resolve("resources.json").toFile());
        assertThat(r.exitCode()).as(r.problem() + " " + series.path("heap")).isZero();
        assertThat(r.findings("resource_growth")).isZero();
        assertThat(series.path("scope").asText()).isEqualTo("this JVM: the in-process server and the driver");
        assertThat(series.path("samples").size()).isGreaterThanOrEqualTo(20);
        assertThat(series.path("samples").get(0).path("heap_bytes").asLong()).isPositive();
        assertThat(series.path("samples").get(0).path("descriptors").asLong()).isPositive();
        assertThat(series.path("heap").path("flat").asBoolean()).isTrue();
        assertThat(series.path("descriptors").path("flat").asBoolean()).isTrue();
    }

    @Test
    void aServerThatKeepsMemoryPerEventFailsTheSoak() throws Exception {
        try {
            LoadResult r = LoadTests.run(soak("test.retains-events").out(out).build(), new TestProviders.RetainsEvents());
            JsonNode series = new ObjectMapper().readTree(out.resolve("resources.json").toFile());
            assertThat(r.leakCount()).as("no event shows it").isZero();
            assertThat(r.lossCount()).isZero();
            assertThat(r.findings("resource_growth")).as(series.path("heap").toString()).isEqualTo(1);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(series.path("heap").path("flat").asBoolean()).isFalse();
            assertThat(series.path("heap").path("note").asText()).startsWith("rose: the last third's median");
        } finally {
            TestProviders.RetainsEvents.release();
        }
    }
}
