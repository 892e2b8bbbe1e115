package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ExploreResults;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Verdict;
import dev.crosstalk.results.compare.Comparer;
import dev.crosstalk.results.compare.Comparison;
import dev.crosstalk.results.report.HtmlReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explore part of an archive: written through the real writers and read back, compared, reported; and an
 * archive written before the explore instrument (no explore part, a manifest that does not list it) read, compared
 * and reported exactly as before.
 */
class ExploreArchiveTest {

    @TempDir
    Path dir;

    private final Comparer comparer = new Comparer(0.05, 5);

    private Archive archive(String sub, Consumer<Synthetic.Spec> change) throws IOException {
        return Archive.open(Synthetic.write(Files.createDirectories(dir.resolve(sub)), new Synthetic.Spec().with(change)));
    }

    @Test
    void theExplorePartRoundTripsThroughTheArchive() throws IOException {
        Archive a = archive("a", s -> { });

        assertThat(a.status(Part.EXPLORE)).isEqualTo(PartStatus.COMPLETE);
        assertThat(a.manifest().lists(Part.EXPLORE)).isTrue();
        assertThat(a.entries()).contains(Archive.EXPLORE_RESULTS, Archive.EXPLORE_MATRIX);
        ExploreResults found = a.explore().orElseThrow();
        assertThat(found).isEqualTo(Synthetic.exploreResults(new Synthetic.Spec()));
        ExploreResults.Row caught = found.results().stream()
                .filter(r -> r.outcome().equals(ExploreResults.VIOLATION)).findFirst().orElseThrow();
        assertThat(caught.trace()).hasSize(4);
        assertThat(caught.replay()).isNotBlank();
        Sensitivity matrix = a.exploreMatrix().orElseThrow();
        assertThat(matrix.probes()).isEqualTo(Synthetic.SCENARIOS);
        assertThat(matrix.holds()).isTrue();
        assertThat(matrix.rows()).filteredOn(r -> r.manager().equals("defect.unsafe-publication")).singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.NOT_OBSERVABLE_SC));
    }

    @Test
    void anArchiveWrittenBeforeExploreReadsComparesAndReportsAsBefore() throws IOException {
        Archive old = archive("old", s -> s.legacy = true);

        assertThat(old.manifest().lists(Part.EXPLORE)).isFalse();
        assertThat(old.manifest().lists(Part.STRESS)).isTrue();
        assertThat(old.status(Part.EXPLORE)).isEqualTo(PartStatus.NOT_RUN);
        assertThat(old.explore()).isEmpty();
        assertThat(old.exploreMatrix()).isEmpty();
        assertThat(old.sensitivity()).isPresent();
        assertThat(old.loadSummary()).isPresent();

        Comparison itself = comparer.compare(old, old);
        assertThat(itself.findings()).isEmpty();
        assertThat(itself.notes()).noneMatch(n -> n.contains("explore"));

        // an old base against a new candidate: explore's rows are judged on their own, nothing is lost
        Archive now = archive("now", s -> { });
        Comparison c = comparer.compare(old, now);
        assertThat(c.findings()).isEmpty();

        String html = HtmlReport.render(List.of(old), Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(html).contains("Stress: sensitivity matrix").contains("No archive has an explore part.");
    }

    @Test
    void aCorrectPathThatNewlyBreaksTheContractUnderExploreIsAFinding() throws IOException {
        Archive base = archive("a", s -> { });
        Archive cand = archive("b", s -> s.exploreCorrectViolation = true);

        Comparison c = comparer.compare(base, cand);

        assertThat(c.exitCode()).isEqualTo(1);
        assertThat(c.findings()).filteredOn(f -> f.kind().equals("explore")).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("different-users-emit [ssot]");
            assertThat(f.message()).contains("correct path ssot broke the contract", "crosstalk explore --replay ");
        });
        // the same violation in both is not new: compare reports changes, validate judges the archive itself
        assertThat(comparer.compare(cand, cand).findings()).noneMatch(f -> f.kind().equals("explore"));
    }

    @Test
    void aDefectExploreNoLongerCatchesIsAFinding() throws IOException {
        Archive base = archive("a", s -> { });
        Archive cand = archive("b", s -> s.exploreMissesDefect = true);

        Comparison c = comparer.compare(base, cand);

        assertThat(c.findings()).filteredOn(f -> f.kind().equals("explore")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("defect.check-then-act-registry", "no longer caught"));
        assertThat(c.notes()).anyMatch(n -> n.startsWith("explore matrix: defect.check-then-act-registry: caught → FAILED"));
        assertThat(cand.exploreMatrix().orElseThrow().holds()).isFalse();
    }

    @Test
    void theReportShowsTheExploreMatrixNextToTheStressOneWithEachViolationsTraceAndReplay() throws IOException {
        Archive a = archive("a", s -> s.exploreCorrectViolation = true);

        String html = HtmlReport.render(List.of(a), Instant.parse("2026-11-27T00:00:00Z"));

        assertThat(html.indexOf("Stress: sensitivity matrix")).isLessThan(html.indexOf("Explore: every interleaving"));
        assertThat(html).contains("<th>explore</th>").contains("same-user-obtain").contains("reconnect-vs-emit")
                .contains(Verdict.NOT_OBSERVABLE_SC).contains("does not hold")
                .contains("T1 obtain(user-a)").contains("crosstalk explore --replay v1:ssot:different-users-emit:17");
    }
}
