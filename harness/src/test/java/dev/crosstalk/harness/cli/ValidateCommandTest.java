package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.CliRun;
import dev.crosstalk.harness.bench.BenchProfile;
import dev.crosstalk.harness.load.Scenario;
import dev.crosstalk.harness.run.ReleaseGate;
import dev.crosstalk.harness.run.RunProfile;
import dev.crosstalk.harness.stress.StressMode;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.Synthetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The release gate over archives written by the real writer (the profile run itself is too long for verify). */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private Path archive(String sub, Consumer<Synthetic.Spec> change) throws IOException {
        return Synthetic.write(Files.createDirectories(dir.resolve(sub)), new Synthetic.Spec().with(change));
    }

    @Test
    void aCleanArchivePassesAndTheJunitXmlSaysSo() throws IOException {
        Path a = archive("a", s -> { });
        Path xml = dir.resolve("gate.xml");

        CliRun run = CliRun.of("validate", "--profile", "nightly", "--archive", a.toString(), "--junit", xml.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("PASSED").contains("PASS   correct path clean: ssot");
        assertThat(Files.readString(xml)).contains("<testsuite").contains("failures=\"0\"")
                .contains("defect caught");
    }

    @Test
    void leaksInTheLoadFailTheGate() throws IOException {
        Path a = archive("a", s -> s.leaks = 3);
        Path xml = dir.resolve("gate.xml");

        CliRun run = CliRun.of("validate", "--profile", "nightly", "--archive", a.toString(), "--junit", xml.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL   load: no leak").contains("leaks 3");
        assertThat(Files.readString(xml)).contains("<failure message=\"leaks 3");
    }

    @Test
    void aLoadMatrixThatMissesADefectFailsTheGateAndAProfileThatRunsItDemandsOne() throws IOException {
        Path misses = archive("misses", s -> s.loadMatrixMisses = true);
        CliRun run = CliRun.of("validate", "--profile", "nightly", "--archive", misses.toString(),
                "--junit", dir.resolve("g1.xml").toString());
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("PASS   load: correct path clean: ssot")
                .contains("FAIL   load: defect caught: defect.unsynchronized-connections")
                .contains("FAIL   load matrix holds");

        Path without = archive("without", s -> s.loadMatrix = false);
        // no built-in profile runs load --all yet (RunProfile.PRERELEASE says why): one that does asks for the matrix
        RunProfile runsTheMatrix = new RunProfile("with-load-matrix", true, StressMode.SANITY, false, 20,
                BenchProfile.SMOKE, Scenario.STEADY, 50, 2, 5, Duration.ZERO, "adversarial", true, null);
        List<ReleaseGate.Check> checks = new ReleaseGate(0.05, 5, runsTheMatrix).checks(Archive.open(without), null, null);
        assertThat(checks).filteredOn(c -> c.name().equals("load matrix present")).singleElement()
                .satisfies(c -> assertThat(c.passed()).isFalse());
        // nightly does not run load --all, so it does not ask for the matrix
        CliRun nightly = CliRun.of("validate", "--profile", "nightly", "--archive", without.toString(), "--junit",
                dir.resolve("g3.xml").toString());
        assertThat(nightly.out()).doesNotContain("load matrix");
    }

    @Test
    void aRegressionAgainstTheBaselineFailsTheGate() throws IOException {
        Path base = archive("base", s -> { });
        Path slower = archive("cand", s -> s.benchFactor = 1.3);

        CliRun run = CliRun.of("validate", "--profile", "nightly", "--archive", slower.toString(), "--baseline", base.toString(),
                "--junit", dir.resolve("gate.xml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL   no regression against");
        // every regressed benchmark is named, not only the first (9 synthetic benchmarks, all 30 % slower)
        assertThat(run.out().split("\n  - regression: ", -1).length - 1).as(run.out()).isGreaterThan(1);
    }

    @Test
    void aCorruptArchiveIsBadInput() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.zip"), "PK not really");
        CliRun run = CliRun.of("validate", "--profile", "nightly", "--archive", bad.toString(), "--junit", dir.resolve("g.xml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad.zip");
    }

    /**
     * Without --archive, validate runs the prerelease profile (an hour): a bad baseline or threshold must be
     * refused before that, not after. This test would run for an hour if the check came late.
     */
    @Test
    void badBaselineOrThresholdIsRefusedBeforeTheRun() throws IOException {
        Path bad = Files.writeString(dir.resolve("old.zip"), "not a zip");

        CliRun corrupt = CliRun.of("validate", "--profile", "nightly", "--baseline", bad.toString(), "--junit", dir.resolve("g.xml").toString());
        assertThat(corrupt.exitCode()).isEqualTo(2);
        assertThat(corrupt.err()).contains("old.zip");

        CliRun threshold = CliRun.of("validate", "--profile", "nightly", "--threshold", "five", "--junit", dir.resolve("g.xml").toString());
        assertThat(threshold.exitCode()).isEqualTo(2);
        assertThat(threshold.err()).contains("--threshold 'five' is not a percentage");
    }

    @Test
    void thresholdTakesAPercentLikeCompare() throws IOException {
        Path base = archive("base2", s -> { });
        Path slower = archive("cand2", s -> s.benchFactor = 1.3);

        CliRun lenient = CliRun.of("validate", "--profile", "nightly", "--archive", slower.toString(), "--baseline", base.toString(),
                "--threshold", "50%", "--junit", dir.resolve("gate.xml").toString());

        assertThat(lenient.exitCode()).as(lenient.out()).isEqualTo(0);
        assertThat(lenient.out()).contains("PASS   no regression against");
    }

    @Test
    void anArchiveOfAnotherProfileFailsTheGate() throws IOException {
        Path a = archive("smoke", s -> s.profile = "smoke");
        CliRun run = CliRun.of("validate", "--archive", a.toString(), "--junit", dir.resolve("g.xml").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL   profile prerelease (the archive was run with profile smoke)")
                .contains("FAIL   stress mode quick (the archive's stress ran in mode sanity)");
        assertThat(CliRun.of("validate", "--profile", "weekly", "--archive", a.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void aMatrixWithoutDefectRowsFailsTheGate() throws IOException {
        Path a = archive("nodefects", s -> s.sensitivityWithoutDefects = true);
        CliRun run = CliRun.of("validate", "--profile", "nightly", "--archive", a.toString(),
                "--junit", dir.resolve("g.xml").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL   sensitivity matrix has seeded defects (0 defect row(s) of 3:"
                + " nothing shows the probes can catch a failure)");
    }
}
