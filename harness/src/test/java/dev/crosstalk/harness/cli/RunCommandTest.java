package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.CliRun;
import dev.crosstalk.harness.run.RunProfile;
import org.junit.jupiter.api.Test;

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
}
