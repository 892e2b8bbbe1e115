package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.StressResults;
import dev.crosstalk.results.archive.TestStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
                run("defect.pub", "defect", "jmm", OK, OK)), "amd64", "sanity", 0);
        assertThat(s.rows()).extracting(Sensitivity.Row::verdict)
                .containsExactly("clean", "caught", "not observed on amd64");
        assertThat(s.rows().get(1).cells()).containsEntry("p1", "caught").containsEntry("p2", "clean");
        assertThat(s.holds()).isTrue();
        assertThat(s.exitCode()).isZero();
        assertThat(s.defectsCaught()).isEqualTo(1);
    }

    @Test
    void aCorrectPathWithAForbiddenOutcomeOrAnUncaughtObservableDefectBreaksIt() {
        Sensitivity falsePositive = ProbeMatrix.of(List.of(run("ssot", "correct", null, FAIL, OK)), "amd64", "sanity", 0);
        assertThat(falsePositive.rows().get(0).verdict()).startsWith("FAILED");
        assertThat(falsePositive.exitCode()).isEqualTo(1);
        Sensitivity uncaught = ProbeMatrix.of(List.of(run("defect.b", "defect", "leak", OK, OK)), "amd64", "sanity", 0);
        assertThat(uncaught.rows().get(0).verdict()).isEqualTo("FAILED: no probe caught this defect");
        assertThat(uncaught.exitCode()).isEqualTo(1);
    }

    @Test
    void errorsAreErrorsUnlessTheDefectWasCaughtAnyway() {
        Sensitivity correctError = ProbeMatrix.of(List.of(run("ssot", "correct", null, OK, TestStatus.SKIPPED)),
                "amd64", "sanity", 0);
        assertThat(correctError.rows().get(0).verdict()).startsWith("error").contains("p2");
        assertThat(correctError.exitCode()).isEqualTo(2);
        Sensitivity caughtDespiteError = ProbeMatrix.of(List.of(run("defect.c", "defect", "loss", FAIL, TestStatus.ERROR)),
                "amd64", "sanity", 0);
        assertThat(caughtDespiteError.rows().get(0).verdict()).isEqualTo("caught");
        assertThat(caughtDespiteError.rows().get(0).cells()).containsEntry("p2", "error");
        assertThat(caughtDespiteError.exitCode()).isZero();
        Sensitivity jmmError = ProbeMatrix.of(List.of(run("defect.pub", "defect", "jmm", OK, TestStatus.ERROR)),
                "amd64", "sanity", 0);
        assertThat(jmmError.rows().get(0).verdict()).startsWith("error");
        assertThat(jmmError.exitCode()).isEqualTo(2);
    }

    @Test
    void aProbeMissingFromARowIsAnError() {
        List<StressResults.Test> one = new ArrayList<>(List.of(rec("registry", "p1", OK)));
        ManagerRun partial = new ManagerRun("registry", "correct", null, one, List.of(), Duration.ZERO, 0, null);
        Sensitivity s = ProbeMatrix.of(List.of(run("ssot", "correct", null, OK, OK), partial), "amd64", "sanity", 0);
        assertThat(s.rows().get(1).cells()).containsEntry("p2", "error");
        assertThat(s.exitCode()).isEqualTo(2);
    }

    /** A test whose one configuration saw {@code forbidden} FORBIDDEN samples and {@code ok} acceptable ones. */
    static StressResults.Test counted(String manager, String probe, long forbidden, long ok) {
        StressResults.Configuration c = new StressResults.Configuration(List.of("-server"), List.of(
                new StressResults.Outcome("LOST", "FORBIDDEN", forbidden, "lost"),
                new StressResults.Outcome("DELIVERED", "ACCEPTABLE", ok, "delivered")));
        return new StressResults.Test("dev.crosstalk.stress.X" + probe, probe, manager, "",
                forbidden > 0 ? FAIL : OK, "", false, List.of(c));
    }

    @Test
    void eachCellCarriesItsForbiddenSamplesOfAllAndThePrintedMatrixShowsThem() {
        ManagerRun defect = new ManagerRun("defect.a", "defect", "loss",
                List.of(counted("defect.a", "p1", 1, 31), counted("defect.a", "p2", 0, 32)),
                List.of(), Duration.ZERO, 1, null);
        Sensitivity s = ProbeMatrix.of(List.of(defect), "amd64", "sanity", 0);

        assertThat(s.widenMicros()).isZero();
        assertThat(s.rows().get(0).samples()).containsEntry("p1", new Sensitivity.Samples(1, 32))
                .containsEntry("p2", new Sensitivity.Samples(0, 32));
        String printed = printed(s);
        assertThat(printed).contains("X 1/32").contains("unaided (no widening)").doesNotContain("widened");
    }

    @Test
    void aWidenedMatrixSaysItIsNotAnUnaidedFigure() {
        Sensitivity s = ProbeMatrix.of(List.of(run("defect.a", "defect", "loss", FAIL, OK)), "amd64", "sanity", 50);

        assertThat(s.widened()).isTrue();
        assertThat(printed(s)).contains("widened: 50 µs — not an unaided figure");
    }

    @Test
    void aJmmDefectNotObservedIsNamedAsExemptNotCaught() {
        Sensitivity s = ProbeMatrix.of(List.of(run("defect.pub", "defect", "jmm", OK, OK)), "amd64", "sanity", 0);

        assertThat(printed(s)).contains("not observed on amd64").contains("failure class jmm only, exempt")
                .contains("defects caught: 0 of 1 (1 not observed on amd64)");
    }

    @Test
    void largeSampleCountsStayShort() {
        assertThat(ProbeMatrix.count(32)).isEqualTo("32");
        assertThat(ProbeMatrix.count(12_345)).isEqualTo("12k");
        assertThat(ProbeMatrix.count(7_952_428)).isEqualTo("8.0M");
    }

    static String printed(Sensitivity s) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProbeMatrix.print(s, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }
}
