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
    void smokeExploresTheRunsManagerTheOthersEveryProviderAtGrowingBudgets() {
        assertThat(RunProfile.SMOKE.exploreAll()).isFalse();
        // not every provider until the explore matrix holds at a night's budget (RunProfile.NIGHTLY says why)
        assertThat(RunProfile.NIGHTLY.exploreAll()).isFalse();
        assertThat(RunProfile.PRERELEASE.exploreAll()).isFalse();
        assertThat(RunProfile.SMOKE.exploreBudget()).isPositive().isLessThan(RunProfile.NIGHTLY.exploreBudget());
        assertThat(RunProfile.NIGHTLY.exploreBudget()).isLessThan(RunProfile.PRERELEASE.exploreBudget());
    }
}
