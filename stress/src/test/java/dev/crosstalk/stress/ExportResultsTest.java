package dev.crosstalk.stress;

import dev.crosstalk.stress.export.ExportResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.TestResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exporter reads a JCStress 0.16 result file with JCStress's own reader. The fixture
 * {@code recorded/crashed-forks.bin.gz} was recorded from a real run of FactorySingletonProbe and
 * DifferentUsersProbe (sanity, -sc false) against a provider whose {@code start} halts the JVM:
 * every fork crashed (VM_ERROR, "Failed with error code 3").
 */
class ExportResultsTest {

    @TempDir
    Path tmp;

    private Path recorded() throws IOException {
        Path bin = tmp.resolve("crashed-forks.bin.gz");
        try (InputStream in = getClass().getResourceAsStream("/recorded/crashed-forks.bin.gz")) {
            assertThat(in).as("recorded fixture").isNotNull();
            Files.copy(in, bin);
        }
        return bin;
    }

    @Test
    void readsEveryForkOfARecordedResultFileWithItsStatus() throws Exception {
        List<TestResult> results = ExportResults.read(recorded());
        assertThat(results).hasSize(16);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(Status.VM_ERROR);
            assertThat(r.getMessages()).anyMatch(m -> m.contains("error code 3"));
        });
        assertThat(results).extracting(TestResult::getName).containsOnly(
                "dev.crosstalk.stress.FactorySingletonProbe", "dev.crosstalk.stress.DifferentUsersProbe");
    }

    @Test
    void exportsStatusArgsAndGradedOutcomesAsJson() throws Exception {
        Path out = tmp.resolve("export.json");
        List<TestResult> results = ExportResults.read(recorded());
        ExportResults.write(results, ExportResults.expectedTests("FactorySingletonProbe|DifferentUsersProbe"), out);
        String json = Files.readString(out);
        assertThat(json).contains("\"schema\": 1")
                .contains("\"expected_tests\": [\"dev.crosstalk.stress.DifferentUsersProbe\", \"dev.crosstalk.stress.FactorySingletonProbe\"]")
                .contains("\"status\": \"VM_ERROR\"")
                .contains("-Dcrosstalk.manager=fixture.crash")
                .contains("{\"id\": \"TWO_INSTANCES\", \"expectation\": \"FORBIDDEN\", \"count\": 0,");
    }

    @Test
    void everyProbeIsInTheTestListWithAtMostTwoActors() {
        assertThat(ExportResults.expectedTests("dev\\.crosstalk\\.stress\\.")).hasSizeGreaterThanOrEqualTo(9);
        for (String t : ExportResults.expectedTests("dev\\.crosstalk\\.stress\\.")) {
            assertThat(org.openjdk.jcstress.infra.runners.TestList.getInfo(t).threads())
                    .as(t + " actors (2 CPUs: more would be skipped)").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aMissingResultFileIsAnError() {
        assertThatThrownBy(() -> ExportResults.read(tmp.resolve("nope.bin.gz")))
                .isInstanceOf(IOException.class).hasMessageContaining("no JCStress result file");
    }

    @Test
    void jsonStringsAreEscaped() {
        assertThat(exportStr("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    private static String exportStr(String s) {
        try {
            var m = ExportResults.class.getDeclaredMethod("str", String.class);
            m.setAccessible(true);
            return (String) m.invoke(null, s);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
