package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.CliRun;
import dev.crosstalk.harness.run.RunProfile;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The argument checks of {@code crosstalk run}; the full run is exercised by the smoke profile itself. */
class RunCommandTest {

    @Test
    void anUnknownProfileIsBadInput() {
        CliRun run = CliRun.of("run", "--profile", "weekly");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown profile \"weekly\"").contains("smoke, nightly or prerelease");
    }

    @Test
    void anUnknownManagerIsBadInputBeforeAnythingRuns() {
        CliRun run = CliRun.of("run", "--manager", "nope");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no manager provider named \"nope\"").contains("ssot");
    }

    @Test
    void theProfilesAreOrderedByThoroughness() {
        assertThat(RunProfile.of("smoke").stressAll()).isFalse();
        assertThat(RunProfile.of("nightly").stressAll()).isTrue();
        assertThat(RunProfile.of("prerelease").stressMode().ordinal())
                .isGreaterThan(RunProfile.of("nightly").stressMode().ordinal());
        assertThat(RunProfile.of("PRERELEASE")).isSameAs(RunProfile.PRERELEASE);
    }

    @Test
    void smokeAndNightlyExploreTheRunsManagerPrereleaseEveryProvider() {
        assertThat(RunProfile.SMOKE.exploreAll()).isFalse();
        // not every provider in a night: the explore matrix does not fit its 45 minutes beside the others (RunProfile.NIGHTLY)
        assertThat(RunProfile.NIGHTLY.exploreAll()).isFalse();
        assertThat(RunProfile.PRERELEASE.exploreAll()).isTrue();
        assertThat(RunProfile.SMOKE.exploreBudget()).isPositive().isLessThan(RunProfile.NIGHTLY.exploreBudget());
        assertThat(RunProfile.PRERELEASE.exploreBudget()).isGreaterThanOrEqualTo(RunProfile.NIGHTLY.exploreBudget());
    }

    @Test
    void partsRunsOnlyTheChosenInstrumentsAndRecordsTheOthersAsNotRun(@TempDir Path dir) throws Exception {
        CliRun bad = CliRun.of("run", "--parts", "load,weather");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--parts").contains("unknown part 'weather'");

        CliRun run = CliRun.of("run", "--profile", "smoke", "--parts", "load", "--quiet", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("stress not run", "explore not run", "bench not run", "load 0");
        Path zip;
        try (Stream<Path> s = Files.list(dir)) {
            zip = s.filter(f -> f.toString().endsWith(".zip")).findFirst().orElseThrow();
        }
        Archive a = Archive.open(zip);
        assertThat(a.status(Part.LOAD)).isEqualTo(PartStatus.COMPLETE);
        assertThat(List.of(Part.STRESS, Part.EXPLORE, Part.BENCH)).allMatch(p -> a.status(p) == PartStatus.NOT_RUN);
        assertThat(a.loadSummary()).isPresent();
    }
}
