package dev.crosstalk.harness.run;

import dev.crosstalk.harness.run.ReleaseGate.Check;
import dev.crosstalk.results.Synthetic;
import dev.crosstalk.results.archive.Archive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate's explore checks, over archives written by the real writer; and an archive from before explore. */
class ReleaseGateExploreTest {

    @TempDir
    Path dir;

    private final ReleaseGate gate = new ReleaseGate(0.05, 5);

    private List<Check> checks(String sub, Consumer<Synthetic.Spec> change) throws IOException {
        Path a = Synthetic.write(Files.createDirectories(dir.resolve(sub)), new Synthetic.Spec().with(change));
        return gate.checks(Archive.open(a), null, null);
    }

    @Test
    void anArchiveWhoseExploreMatrixHoldsPassesWithTheJmmDefectNotObservable() throws IOException {
        List<Check> checks = checks("a", s -> { });

        assertThat(checks).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.message()).isTrue());
        assertThat(checks).extracting(Check::name).contains("part explore complete", "explore matrix holds",
                "explore: correct path clean: ssot", "explore: defect caught: defect.check-then-act-registry");
        assertThat(checks).filteredOn(c -> c.name().equals("explore: defect caught: defect.unsafe-publication"))
                .singleElement().satisfies(c -> assertThat(c.message())
                        .isEqualTo("verdict: not observable under sequential consistency"));
    }

    @Test
    void aDefectExploreMissesOrACorrectPathItBreaksFailsTheGate() throws IOException {
        List<Check> missed = checks("missed", s -> s.exploreMissesDefect = true);
        assertThat(missed).filteredOn(c -> !c.passed()).extracting(Check::name)
                .containsExactlyInAnyOrder("explore: defect caught: defect.check-then-act-registry", "explore matrix holds");

        List<Check> broken = checks("broken", s -> s.exploreCorrectViolation = true);
        assertThat(broken).filteredOn(c -> !c.passed()).extracting(Check::name)
                .containsExactlyInAnyOrder("explore: correct path clean: ssot", "explore matrix holds");
    }

    @Test
    void anArchiveWrittenBeforeExploreIsJudgedAsBefore() throws IOException {
        List<Check> checks = checks("old", s -> s.legacy = true);

        assertThat(checks).noneMatch(c -> c.name().contains("explore"));
        assertThat(checks).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.message()).isTrue());
        assertThat(checks).extracting(Check::name).contains("part stress complete", "part load complete",
                "correct path clean: ssot");
    }
}
