package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.CliRun;
import dev.crosstalk.harness.run.RunProfile;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.shard.ArchiveMerge;
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

    /**
     * Two shards of a smoke run's load part: shard 1 has nothing to run (the run's load is not cut up: shard 0 runs it
     * whole) and says so; shard 0 runs it; merge makes the run's archive of the two, and refuses one without the other.
     */
    @Test
    void aShardedRunRecordsItsShardAndMergeMakesTheRunsArchive(@TempDir Path dir) throws Exception {
        CliRun bad = CliRun.of("run", "--shard", "4/4");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--shard").contains("the index runs from 0 to 3");

        Path zip1 = smokeLoadShard(dir.resolve("s1"), "1/2");
        Archive a1 = Archive.open(zip1);
        assertThat(a1.manifest().shard()).isEqualTo("1/2");
        assertThat(a1.status(Part.LOAD)).isEqualTo(PartStatus.COMPLETE);
        assertThat(a1.manifest().parts().get("load").message()).isEqualTo(ArchiveMerge.ON_SHARD_0);
        assertThat(a1.loadSummary()).isEmpty();

        Path zip0 = smokeLoadShard(dir.resolve("s0"), "0/2");
        Archive a0 = Archive.open(zip0);
        assertThat(a0.manifest().shard()).isEqualTo("0/2");
        assertThat(a0.loadSummary()).isPresent();

        CliRun missing = CliRun.of("merge", zip0.toString(), "-o", dir.resolve("m0").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("missing shard 1/2");

        CliRun merge = CliRun.of("merge", zip1.toString(), zip0.toString(), "-o", dir.resolve("m").toString());
        assertThat(merge.exitCode()).as(merge.out() + merge.err()).isZero();
        assertThat(merge.out()).contains("merged 2 shards of smoke", "load     complete");
        Archive m = Archive.open(onlyZip(dir.resolve("m")));
        assertThat(m.manifest().shards()).extracting(s -> s.shard()).containsExactly("0/2", "1/2");
        assertThat(m.status(Part.LOAD)).isEqualTo(PartStatus.COMPLETE);
        assertThat(m.loadSummary().orElseThrow().runs()).isEqualTo(a0.loadSummary().orElseThrow().runs());
        assertThat(List.of(Part.STRESS, Part.EXPLORE, Part.BENCH)).allMatch(p -> m.status(p) == PartStatus.NOT_RUN);
    }

    /** {@code run --profile smoke --parts load --shard SHARD} into {@code out}; exit 0; its archive. */
    private static Path smokeLoadShard(Path out, String shard) throws Exception {
        CliRun run = CliRun.of("run", "--profile", "smoke", "--parts", "load", "--shard", shard, "--quiet",
                "--out", out.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        return onlyZip(out);
    }

    private static Path onlyZip(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> zips = s.filter(f -> f.toString().endsWith(".zip")).toList();
            assertThat(zips).as(dir.toString()).hasSize(1);
            return zips.get(0);
        }
    }
}
