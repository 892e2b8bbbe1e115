package dev.crosstalk.harness.stress;

import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.StressResults;
import dev.crosstalk.results.archive.StressResults.Configuration;
import dev.crosstalk.results.archive.StressResults.Outcome;
import dev.crosstalk.results.archive.TestStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A manager's main invocation and its larger-budget one read as one run: one record per manager, its tests in
 * report order, the budget named in results.json, in the budgeted test's message and in the matrix legend.
 */
class MergedRunTest {

    static final String CHURN = "dev.crosstalk.stress.ConnectionChurnProbe";
    static final String PUBLICATION = "dev.crosstalk.stress.PublicationProbe";
    static final String SAME_USER = "dev.crosstalk.stress.SameUserCreationProbe";
    static final List<String> ORDER = List.of(CHURN, PUBLICATION, SAME_USER);
    static final List<String> BUDGET = List.of("-time", "100", "-strideSize", "256", "-strideCount", "10");

    static StressResults.Test test(String test, TestStatus status, long forbidden, long allowed) {
        return new StressResults.Test(test, StressResults.probeName(test), "defect.p", "", status, status.label(), false,
                List.of(new Configuration(List.of("-Xint"), List.of(new Outcome("OK", "ACCEPTABLE", allowed, ""),
                        new Outcome("BAD", "FORBIDDEN", forbidden, "")))));
    }

    static ManagerRun part(List<StressResults.Test> tests, List<String> problems, int seconds, int exit, String report) {
        return new ManagerRun("defect.p", "defect", "loss", tests, problems, Duration.ofSeconds(seconds), exit,
                Path.of(report));
    }

    final ManagerRun main = part(List.of(test(CHURN, TestStatus.PASSED, 0, 32), test(SAME_USER, TestStatus.PASSED, 0, 32)),
            List.of(), 40, 0, "report/defect.p");
    final ManagerRun budgeted = part(List.of(StressRunner.withBudget(test(PUBLICATION, TestStatus.FAILED, 79, 33_196), BUDGET)),
            List.of(), 25, 1, "report/defect.p/publication");

    @Test
    void theInvocationsOfOneManagerMergeIntoOneRunInReportOrder() {
        ManagerRun run = ManagerRun.merged(List.of(main, budgeted), ORDER);

        assertThat(run.tests()).extracting(StressResults.Test::test).containsExactlyElementsOf(ORDER);
        assertThat(run.elapsed()).isEqualTo(Duration.ofSeconds(65));
        assertThat(run.jcstressExit()).isEqualTo(1);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.reportDir()).isEqualTo(Path.of("report/defect.p"));
        assertThat(run.tests().get(1).message()).isEqualTo("failed [larger budget: -time 100 -strideSize 256 -strideCount 10]");
    }

    @Test
    void aProblemOrAnAbnormalExitOfEitherInvocationMakesTheRunAnError() {
        ManagerRun crashed = part(List.of(test(PUBLICATION, TestStatus.SKIPPED, 0, 0)),
                List.of("JCStress exited with 134"), 3, 134, "report/defect.p/publication");
        ManagerRun run = ManagerRun.merged(List.of(main, crashed), ORDER);

        assertThat(run.jcstressExit()).isEqualTo(134);
        assertThat(run.problems()).containsExactly("JCStress exited with 134");
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void theBudgetIsRecordedInResultsJsonAndTheMatrixCountsTheBudgetedSamples() throws Exception {
        ManagerRun run = ManagerRun.merged(List.of(main, budgeted), ORDER);
        Map<String, List<String>> budgets = Map.of("publication", BUDGET);
        StressConfig config = new StressConfig(Plugins.none().select(List.of("ssot")), true, StressMode.SANITY,
                null, Path.of("out"), Plugins.none(), null, 0, List.of(), null, null);

        String json = StressOutput.results(config, Instant.EPOCH, Instant.EPOCH, List.of(run), budgets).toJson();
        assertThat(json).contains("\"probe_budgets\"").contains("\"publication\"").contains("\"-strideCount\"");

        Sensitivity s = ProbeMatrix.of(List.of(run), "amd64", "sanity", 0);
        assertThat(s.rows().get(0).verdict()).isEqualTo("caught");
        assertThat(s.rows().get(0).samples().get("publication")).isEqualTo(new Sensitivity.Samples(79, 33_275));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProbeMatrix.print(s, budgets, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("P3 publication  (larger budget: -time 100 -strideSize 256 -strideCount 10, its own JCStress invocation)")
                .contains("P2 connection-churn\n");
    }
}
