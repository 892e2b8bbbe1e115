package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.StressResults;
import dev.crosstalk.results.archive.TestStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grading of recorded JCStress exports (see src/test/resources/stress): {@code export-ssot-sanity.json}
 * is a real sanity run of every probe against ssot; {@code export-crashed-forks.json} a real run in
 * which every fork crashed (VM_ERROR); {@code export-racy-singleton.json} a real run against the
 * test-only plugin provider fixture.racy-singleton, with forbidden outcomes.
 */
class GraderTest {

    static RawExport export(String name) throws IOException {
        try {
            return RawExport.read(Path.of(GraderTest.class.getResource("/stress/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    static StressResults.Test find(List<StressResults.Test> records, String probe) {
        return records.stream().filter(r -> r.probe().equals(probe)).findFirst().orElseThrow();
    }

    @Test
    void aCleanRunPassesEveryProbeAndMarksNotApplicable() throws IOException {
        RawExport e = export("export-ssot-sanity.json");
        List<StressResults.Test> records = Grader.grade("ssot", e.expectedTests(), e.results(), List.of());
        assertThat(records).hasSize(9).allSatisfy(r -> assertThat(r.status()).isEqualTo(TestStatus.PASSED));
        StressResults.Test fs = find(records, "factory-singleton");
        assertThat(fs.notApplicable()).isTrue();
        assertThat(fs.message()).startsWith("not applicable");
        StressResults.Test rve = find(records, "register-vs-emit");
        assertThat(rve.notApplicable()).isFalse();
        assertThat(rve.configurations()).hasSize(8);
        assertThat(rve.samples()).isPositive();
        assertThat(rve.configurations().get(0).outcomes()).extracting(StressResults.Outcome::id)
                .contains("DELIVERED_DIRECTLY", "DELIVERED_FROM_RECOVERY_QUEUE", "LOST", "DUPLICATED");
        assertThat(run(records, List.of()).exitCode()).isZero();
    }

    @Test
    void aForbiddenOutcomeFailsTheProbeAndNamesTheOutcomeAndCount() throws IOException {
        RawExport e = export("export-racy-singleton.json");
        List<StressResults.Test> records = Grader.grade("fixture.racy-singleton", e.expectedTests(), e.results(), List.of());
        StressResults.Test fs = find(records, "factory-singleton");
        assertThat(fs.status()).isEqualTo(TestStatus.FAILED);
        assertThat(fs.message()).matches("FORBIDDEN outcome 'TWO_INSTANCES' seen [1-9][0-9]* times.*");
        assertThat(run(records, List.of()).exitCode()).isEqualTo(1);
    }

    @Test
    void aCrashedForkIsAnErrorNeverAPass() throws IOException {
        RawExport e = export("export-crashed-forks.json");
        List<StressResults.Test> records = Grader.grade("fixture.crash", e.expectedTests(), e.results(), List.of());
        assertThat(records).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(TestStatus.ERROR);
            assertThat(r.message()).contains("VM_ERROR").contains("Failed with error code 3");
        });
        assertThat(run(records, List.of()).exitCode()).isEqualTo(2);
    }

    @Test
    void aTestJcstressNeverRanIsSkippedAndAnError() throws IOException {
        RawExport e = export("export-ssot-sanity.json");
        List<String> expected = new ArrayList<>(e.expectedTests());
        expected.add("dev.crosstalk.stress.ThreeActorProbe");
        List<String> problems = List.of("JCStress: No scheduling is possible (a test needs more CPUs than this machine has)");
        List<StressResults.Test> records = Grader.grade("ssot", expected, e.results(), problems);
        StressResults.Test skipped = find(records, "three-actor");
        assertThat(skipped.status()).isEqualTo(TestStatus.SKIPPED);
        assertThat(skipped.message()).contains("did not run").contains("No scheduling is possible");
        assertThat(run(records, problems).exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingResultFileMakesEveryTestSkipped() throws IOException {
        RawExport e = export("export-ssot-sanity.json");
        List<String> problems = List.of("JCStress wrote no result file");
        List<StressResults.Test> records = Grader.grade("ssot", e.expectedTests(), List.of(), problems);
        assertThat(records).hasSize(9).allSatisfy(r -> assertThat(r.status()).isEqualTo(TestStatus.SKIPPED));
        assertThat(run(records, problems).exitCode()).isEqualTo(2);
    }

    @Test
    void aRunLevelProblemAloneIsAnError() throws IOException {
        RawExport e = export("export-ssot-sanity.json");
        List<StressResults.Test> records = Grader.grade("ssot", e.expectedTests(), e.results(), List.of());
        assertThat(run(records, List.of("JCStress exited with 137")).exitCode()).isEqualTo(2);
    }

    @Test
    void probeNamesComeFromClassNames() {
        assertThat(StressResults.probeName("dev.crosstalk.stress.RegisterVsEmitProbe")).isEqualTo("register-vs-emit");
        assertThat(StressResults.probeName("dev.crosstalk.stress.FactorySingletonProbe")).isEqualTo("factory-singleton");
        assertThat(StressResults.probeName("x.Publication")).isEqualTo("publication");
    }

    static ManagerRun run(List<StressResults.Test> records, List<String> problems) {
        return new ManagerRun(records.get(0).manager(), "correct", null, records, problems, Duration.ofSeconds(1), 0, null);
    }
}
