package dev.crosstalk.harness.run;

import dev.crosstalk.harness.explore.ExploreRunner;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Sensitivity.Row;
import dev.crosstalk.results.archive.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the load matrix of a run may count as caught elsewhere: the catches of the run's own stress and explore matrices. */
class CaughtEarlierTest {

    @Test
    void namesEachDefectsCatchesByInstrumentAndColumnAndNothingForAMissOrACorrectPath(@TempDir Path work) throws Exception {
        assertThat(RunPipeline.caughtEarlier(work)).as("neither instrument ran every provider").isEmpty();

        Files.createDirectories(work.resolve("stress"));
        Files.createDirectories(work.resolve("explore"));
        Sensitivity.of("amd64", "sanity", List.of("publication", "register-vs-emit"), List.of(
                new Row("defect.a", "defect", "loss", Map.of("publication", Verdict.CAUGHT, "register-vs-emit", Verdict.CLEAN),
                        List.of(), Verdict.CAUGHT),
                new Row("defect.b", "defect", "loss", Map.of("publication", Verdict.CLEAN, "register-vs-emit", Verdict.CLEAN),
                        List.of(), "FAILED: no probe caught this defect"),
                new Row("ssot", "correct", null, Map.of("publication", Verdict.CLEAN, "register-vs-emit", Verdict.CLEAN),
                        List.of(), Verdict.CLEAN)))
                .write(work.resolve("stress").resolve(Sensitivity.FILE));
        Sensitivity.of("amd64", "explore", List.of("first-tabs"), List.of(
                new Row("defect.a", "defect", "loss", Map.of("first-tabs", Verdict.CAUGHT), List.of(), Verdict.CAUGHT)))
                .write(work.resolve("explore").resolve(ExploreRunner.MATRIX));

        assertThat(RunPipeline.caughtEarlier(work))
                .containsExactly(Map.entry("defect.a", List.of("stress (publication)", "explore (first-tabs)")));
    }
}
