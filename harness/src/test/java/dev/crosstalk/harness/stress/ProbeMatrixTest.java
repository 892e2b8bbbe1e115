package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.StressResults;
import dev.crosstalk.results.archive.TestStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict rules of the sensitivity matrix. */
class ProbeMatrixTest {

    static StressResults.Test rec(String manager, String probe, TestStatus status) {
        return new StressResults.Test("dev.crosstalk.stress.X" + probe, probe, manager, "", status, status.label(), false, List.of());
    }

    static ManagerRun run(String manager, String kind, String failureClass, TestStatus p1, TestStatus p2) {
        return new ManagerRun(manager, kind, failureClass, List.of(rec(manager, "p1", p1), rec(manager, "p2", p2)),
                List.of(), Duration.ofSeconds(1), 0, null);
    }

    static final TestStatus OK = TestStatus.PASSED;
    static final TestStatus FAIL = TestStatus.FAILED;

    @Test
    void holdsWhenCorrectPathsAreCleanAndDefectsCaught() {
        Sensitivity s = ProbeMatrix.of(List.of(run("ssot", "correct", null, OK, OK),
                run("defect.a", "defect", "loss", FAIL, OK),
                run("defect.pub", "defect", "jmm", OK, OK)), "amd64", "sanity");
        assertThat(s.rows()).extracting(Sensitivity.Row::verdict)
                .containsExactly("clean", "caught", "not observed on amd64");
        assertThat(s.rows().get(1).cells()).containsEntry("p1", "caught").containsEntry("p2", "clean");
        assertThat(s.holds()).isTrue();
        assertThat(s.exitCode()).isZero();
        assertThat(s.defectsCaught()).isEqualTo(1);
    }

    @Test
    void aCorrectPathWithAForbiddenOutcomeOrAnUncaughtObservableDefectBreaksIt() {
        Sensitivity falsePositive = ProbeMatrix.of(List.of(run("ssot", "correct", null, FAIL, OK)), "amd64", "sanity");
        assertThat(falsePositive.rows().get(0).verdict()).startsWith("FAILED");
        assertThat(falsePositive.exitCode()).isEqualTo(1);
        Sensitivity uncaught = ProbeMatrix.of(List.of(run("defect.b", "defect", "leak", OK, OK)), "amd64", "sanity");
        assertThat(uncaught.rows().get(0).verdict()).isEqualTo("FAILED: no probe caught this defect");
        assertThat(uncaught.exitCode()).isEqualTo(1);
    }

    @Test
    void errorsAreErrorsUnlessTheDefectWasCaughtAnyway() {
        Sensitivity correctError = ProbeMatrix.of(List.of(run("ssot", "correct", null, OK, TestStatus.SKIPPED)),
                "amd64", "sanity");
        assertThat(correctError.rows().get(0).verdict()).startsWith("error").contains("p2");
        assertThat(correctError.exitCode()).isEqualTo(2);
        Sensitivity caughtDespiteError = ProbeMatrix.of(List.of(run("defect.c", "defect", "loss", FAIL, TestStatus.ERROR)),
                "amd64", "sanity");
        assertThat(caughtDespiteError.rows().get(0).verdict()).isEqualTo("caught");
        assertThat(caughtDespiteError.rows().get(0).cells()).containsEntry("p2", "error");
        assertThat(caughtDespiteError.exitCode()).isZero();
        Sensitivity jmmError = ProbeMatrix.of(List.of(run("defect.pub", "defect", "jmm", OK, TestStatus.ERROR)),
                "amd64", "sanity");
        assertThat(jmmError.rows().get(0).verdict()).startsWith("error");
        assertThat(jmmError.exitCode()).isEqualTo(2);
    }

    @Test
    void aProbeMissingFromARowIsAnError() {
        List<StressResults.Test> one = new ArrayList<>(List.of(rec("registry", "p1", OK)));
        ManagerRun partial = new ManagerRun("registry", "correct", null, one, List.of(), Duration.ZERO, 0, null);
        Sensitivity s = ProbeMatrix.of(List.of(run("ssot", "correct", null, OK, OK), partial), "amd64", "sanity");
        assertThat(s.rows().get(1).cells()).containsEntry("p2", "error");
        assertThat(s.exitCode()).isEqualTo(2);
    }
}
