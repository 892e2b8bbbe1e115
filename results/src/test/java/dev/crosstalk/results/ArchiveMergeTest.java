package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.Manifest;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.RunInfo;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Verdict;
import dev.crosstalk.results.compare.Comparer;
import dev.crosstalk.results.report.HtmlReport;
import dev.crosstalk.results.shard.ArchiveMerge;
import dev.crosstalk.results.shard.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whole shard archives merged into the job's archive: the matrices joined row by row in the order the unsharded run
 * would have written (the providers were dealt round-robin), so that the merged matrix equals the unsharded one; the
 * manifest listing each shard; files of the same name kept per shard; and what would not be the job's refused — a
 * missing shard, a shard twice, shards of different commits, an archive that is no shard's.
 */
class ArchiveMergeTest {

    @TempDir
    Path dir;

    /** Five providers, as a run deals them: two correct paths and three defects, one of them missed by probe p2. */
    private static final List<String> PROVIDERS = List.of("ssot", "defect.a", "registry", "defect.b", "defect.c");

    private int written;

    private static Sensitivity.Row row(String manager) {
        boolean correct = !manager.startsWith("defect.");
        String p1 = correct ? Verdict.CLEAN : Verdict.CAUGHT;
        return new Sensitivity.Row(manager, correct ? "correct" : "defect", correct ? null : "leak",
                Map.of("p1", p1, "p2", Verdict.CLEAN), List.of(), correct ? Verdict.CLEAN : Verdict.CAUGHT);
    }

    private static Sensitivity matrix(List<String> managers) {
        return Sensitivity.of("amd64", "sanity", List.of("p1", "p2"), managers.stream().map(ArchiveMergeTest::row).toList(),
                0L);
    }

    /** Shard {@code spec}'s archive, as {@code run --shard} writes it: its slice of the stress and load matrices. */
    private Path shard(String spec, String commit) throws IOException {
        Shard s = Shard.parse(spec, Map.of());
        List<String> slice = s.slice(PROVIDERS);
        Path out = Files.createDirectories(dir.resolve("shard" + written++));
        RunInfo run = new RunInfo("nightly", new Manifest.Git(commit, false),
                Instant.parse("2026-12-06T10:00:00Z").plusSeconds(60L * s.index()), null, null, "0.1.0");
        try (ArchiveWriter w = ArchiveWriter.begin(out, run)) {
            w.shard(spec);
            w.startPart(Part.STRESS, Map.of("managers", "all", "shard", spec, "slice", slice));
            w.addBytes(Part.STRESS, Sensitivity.FILE, matrix(slice).toJson().getBytes(StandardCharsets.UTF_8));
            w.addBytes(Part.STRESS, "junit.xml", ("<testsuite name='" + spec + "'/>").getBytes(StandardCharsets.UTF_8));
            w.addBytes(Part.STRESS, "report/" + slice.get(0) + "/index.html", "<html/>".getBytes(StandardCharsets.UTF_8));
            w.markPart(Part.STRESS, PartStatus.COMPLETE, null);
            w.markPart(Part.EXPLORE, PartStatus.COMPLETE, s.index() == 0 ? null : ArchiveMerge.ON_SHARD_0);
            w.startPart(Part.LOAD, Map.of("shard", spec));
            w.addBytes(Part.LOAD, "matrix.json", matrix(slice).toJson().getBytes(StandardCharsets.UTF_8));
            w.markPart(Part.LOAD, PartStatus.COMPLETE, null);
            return w.finish();
        }
    }

    @Test
    void threeShardsMergeIntoTheMatrixTheUnshardedRunWouldHaveWritten() throws IOException {
        List<Path> shards = new ArrayList<>(List.of(shard("2/3", "abc1234"), shard("0/3", "abc1234"),
                shard("1/3", "abc1234")));

        ArchiveMerge.Result r = ArchiveMerge.merge(shards, dir.resolve("merged"));

        Archive merged = Archive.open(r.archive());
        Sensitivity whole = matrix(PROVIDERS);
        assertThat(merged.sensitivity()).hasValueSatisfying(m -> {
            assertThat(m.rows()).isEqualTo(whole.rows());
            assertThat(m.holds()).isTrue();
            assertThat(m.probes()).containsExactly("p1", "p2");
        });
        assertThat(merged.loadMatrix()).hasValueSatisfying(m -> assertThat(m.rows()).isEqualTo(whole.rows()));
        Manifest mf = merged.manifest();
        assertThat(mf.merged()).isTrue();
        assertThat(mf.shard()).isNull();
        assertThat(mf.shards()).extracting(Manifest.ShardInfo::shard).containsExactly("0/3", "1/3", "2/3");
        assertThat(mf.shards()).extracting(Manifest.ShardInfo::archive)
                .allSatisfy(name -> assertThat(name).endsWith("-nightly-abc1234"));
        assertThat(mf.profile()).isEqualTo("nightly");
        assertThat(mf.git().commit()).isEqualTo("abc1234");
        assertThat(mf.started()).isEqualTo("2026-12-06T10:00:00Z");
        assertThat(mf.status()).isEqualTo("complete");
        for (Part p : List.of(Part.STRESS, Part.EXPLORE, Part.LOAD)) {
            assertThat(merged.status(p)).as(p.dir()).isEqualTo(PartStatus.COMPLETE);
        }
        assertThat(merged.status(Part.BENCH)).isEqualTo(PartStatus.NOT_RUN);
        assertThat(mf.parts().get("explore").message()).as("a part run whole on shard 0 is not a message").isNull();
        // a file every shard has is kept per shard; a file one shard has keeps its name
        assertThat(merged.entries()).contains("stress/shard-0/junit.xml", "stress/shard-1/junit.xml",
                "stress/shard-2/junit.xml", "stress/report/ssot/index.html", "stress/report/defect.a/index.html");
        assertThat(merged.entries()).doesNotContain("stress/junit.xml");
        // compare and report read it like any other archive
        assertThat(new Comparer(0.05, 5).compare(merged, merged).exitCode()).isZero();
        assertThat(HtmlReport.render(List.of(merged), Instant.parse("2026-12-06T12:00:00Z"))).contains("defect.c");
    }

    @Test
    void aMissingShardIsAnErrorNotASmallerMatrix() throws IOException {
        List<Path> two = List.of(shard("0/3", "abc1234"), shard("2/3", "abc1234"));
        assertThatThrownBy(() -> ArchiveMerge.merge(two, dir.resolve("m")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing shard 1/3");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void shardsOfDifferentCommitsOrGivenTwiceOrNoShardAtAllAreRefused() throws IOException {
        Path a = shard("0/2", "abc1234");
        assertThatThrownBy(() -> ArchiveMerge.merge(List.of(a, shard("1/2", "def5678")), dir.resolve("m")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different commits")
                .hasMessageContaining("abc1234").hasMessageContaining("def5678");
        assertThatThrownBy(() -> ArchiveMerge.merge(List.of(a, shard("0/2", "abc1234")), dir.resolve("m")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shard 0/2 given twice");
        Path plain = Synthetic.write(Files.createDirectories(dir.resolve("plain")), new Synthetic.Spec());
        assertThatThrownBy(() -> ArchiveMerge.merge(List.of(a, plain), dir.resolve("m")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a shard's archive");
    }
}
