package dev.crosstalk.harness.load;

import dev.crosstalk.harness.testing.TestProviders;
import dev.crosstalk.manager.ssot.SsotProvider;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load sensitivity matrix: every column run, each row judged by results' Verdict, written as Sensitivity. */
class LoadMatrixTest {

    @Test
    void aCorrectPathIsCleanInEveryColumnAndALeakingPathIsCaught(@TempDir Path out) throws Exception {
        // A small first-use cell in two rounds: a correct path runs both, a caught defect stops after the first.
        Sensitivity s = LoadMatrix.run(List.of(new SsotProvider(), new TestProviders.BroadcastLeak()),
                LoadMatrix.COLUMNS, new LoadMatrix.FirstUse(40, 4, Duration.ofSeconds(1), 2), out, List.of(), null,
                null, Map.of());

        // every scenario with both id styles, but first-use (a timing race odd ids do not change) with tame ids only
        assertThat(s.probes()).hasSize(Scenario.values().length * 2 - 1)
                .contains("churn/adversarial", "pressure/tame", "first-use/tame").doesNotContain("first-use/adversarial");
        Sensitivity.Row ssot = s.rows().get(0);
        assertThat(ssot.cells().values()).as(ssot.cells().toString()).allMatch(Verdict.CLEAN::equals);
        assertThat(ssot.verdict()).isEqualTo(Verdict.CLEAN);
        Sensitivity.Row shared = s.rows().get(1);
        assertThat(shared.kind()).isEqualTo("defect");
        assertThat(shared.cells().values()).contains(Verdict.CAUGHT);
        assertThat(shared.verdict()).isEqualTo(Verdict.CAUGHT);
        assertThat(s.holds()).isTrue();
        assertThat(s.exitCode()).isZero();
        assertThat(s.widenMicros()).isZero();

        // The file is results' Sensitivity, read back as written; each cell's load left its own summary.
        Sensitivity read = Json.mapper().readValue(out.resolve(LoadMatrix.FILE).toFile(), Sensitivity.class);
        assertThat(read.rows()).hasSize(2);
        assertThat(read.mode()).isEqualTo("load");
        assertThat(Files.exists(out.resolve("ssot").resolve("churn-adversarial").resolve("summary.json"))).isTrue();
        Path ssotFirstUse = out.resolve("ssot").resolve("first-use-tame");
        assertThat(ssotFirstUse.resolve("round-1").resolve("summary.json")).exists();
        assertThat(ssotFirstUse.resolve("round-2").resolve("summary.json")).exists();
        Path leakFirstUse = out.resolve("test.broadcast-leak").resolve("first-use-tame");
        assertThat(leakFirstUse.resolve("round-1").resolve("summary.json")).exists();
        assertThat(leakFirstUse.resolve("round-2")).doesNotExist();

        StringWriter printed = new StringWriter();
        LoadMatrix.print(s, new PrintWriter(printed));
        assertThat(printed.toString()).contains("matrix holds", "1 of 1 defects caught");
    }

    @Test
    void chosenColumnsOnlyAndAMissedDefectHoldsOnlyAsCaughtElsewhere(@TempDir Path out) throws Exception {
        // A defect no load column can see (it loses nothing a client observes): standalone its row fails, in a run whose
        // stress matrix caught it the row holds as caught elsewhere; the correct path's row is clean either way.
        List<LoadMatrix.Column> two = List.of(LoadMatrix.Column.parse("churn/tame"), LoadMatrix.Column.parse("Pressure/Adversarial"));
        Sensitivity alone = LoadMatrix.run(List.of(new SsotProvider(), new TestProviders.SilentDefect()), two, out.resolve("a"),
                List.of(), null, null, Map.of());
        assertThat(alone.probes()).containsExactly("churn/tame", "pressure/adversarial");
        assertThat(alone.rows().get(1).verdict()).startsWith("FAILED");
        assertThat(alone.exitCode()).isEqualTo(1);

        Sensitivity inRun = LoadMatrix.run(List.of(new SsotProvider(), new TestProviders.SilentDefect()), two, out.resolve("b"),
                List.of(), null, null, Map.of(TestProviders.SilentDefect.NAME, List.of("stress (publication)")));
        assertThat(inRun.rows().get(0).verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(inRun.rows().get(1).verdict()).isEqualTo(Verdict.CAUGHT_ELSEWHERE + "stress (publication)");
        assertThat(inRun.holds()).isTrue();
        assertThat(inRun.defectsCaught()).isZero();

        assertThatThrownBy(() -> LoadMatrix.Column.parse("first-use/adversarial"))
                .hasMessageContaining("unknown load matrix column \"first-use/adversarial\"").hasMessageContaining("churn/tame");
    }
}
