package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
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
 * The load sensitivity matrix ({@code load/matrix.json}, written by {@code load --all} as {@link Sensitivity}) through
 * the real writers (the record's own {@code write}, the archive writer) and back, and drawn by the report; an archive
 * whose profile did not run it reads and reports without it.
 */
class LoadMatrixArchiveTest {

    @TempDir
    Path dir;

    private Archive archive(String sub, Consumer<Synthetic.Spec> change) throws IOException {
        return Archive.open(Synthetic.write(Files.createDirectories(dir.resolve(sub)), new Synthetic.Spec().with(change)));
    }

    @Test
    void theLoadMatrixRoundTripsThroughTheArchive() throws IOException {
        Archive a = archive("a", s -> s.loadMatrixMisses = true);

        assertThat(a.entries()).contains(Archive.LOAD_MATRIX, Archive.LOAD_SUMMARY);
        Sensitivity m = a.loadMatrix().orElseThrow();
        assertThat(m).isEqualTo(Synthetic.loadMatrix(true));
        assertThat(m.mode()).isEqualTo("load");
        assertThat(m.widened()).isFalse();
        assertThat(m.probes()).containsExactly("steady/tame", "churn/tame", "first-use/tame");
        assertThat(m.holds()).isFalse();
        assertThat(m.rows()).filteredOn(r -> r.manager().equals("defect.check-then-act-registry")).singleElement()
                .satisfies(r -> {
                    assertThat(r.cells()).containsEntry("first-use/tame", Verdict.CAUGHT);
                    assertThat(r.verdict()).isEqualTo(Verdict.CAUGHT);
                });
        assertThat(m.rows()).filteredOn(r -> r.manager().equals("defect.unsynchronized-connections")).singleElement()
                .satisfies(r -> assertThat(Verdict.holds(r.kind(), r.verdict())).isFalse());
    }

    @Test
    void theReportDrawsTheLoadMatrixAfterTheExploreOne() throws IOException {
        Archive a = archive("a", s -> s.loadMatrixMisses = true);

        String html = HtmlReport.render(List.of(a), Instant.parse("2026-12-01T00:00:00Z"));

        int load = html.indexOf("Load: sensitivity matrix");
        assertThat(load).isGreaterThan(html.indexOf("Explore: every interleaving"));
        String section = html.substring(load, html.indexOf("<h2>", load + 1));
        assertThat(section).contains("<th>first-use/tame</th>", "defect.check-then-act-registry", "unaided",
                "does not hold", "cell-caught").doesNotContain("this one was widened", "cell-bad");
    }

    @Test
    void anArchiveWithoutALoadMatrixReportsThatItHasNone() throws IOException {
        Archive a = archive("a", s -> s.loadMatrix = false);

        assertThat(a.loadMatrix()).isEmpty();
        assertThat(a.loadSummary()).isPresent();
        assertThat(HtmlReport.render(List.of(a), Instant.parse("2026-12-01T00:00:00Z")))
                .contains("No archive has a load matrix");
    }

    @Test
    void compareFindsALoadMatrixThatNoLongerHoldsAndNotesEachRowThatChanged() throws IOException {
        Archive held = archive("base", s -> { });
        Archive misses = archive("cand", s -> s.loadMatrixMisses = true);

        Comparison same = new Comparer(0.05, 5).compare(held, archive("same", s -> { }));
        assertThat(same.findings()).noneMatch(f -> f.subject().contains("load matrix"));

        Comparison c = new Comparer(0.05, 5).compare(held, misses);
        assertThat(c.findings()).filteredOn(f -> f.subject().equals("load matrix")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("load matrix no longer holds"));
        // the other way round a matrix that holds again is no finding
        assertThat(new Comparer(0.05, 5).compare(misses, held).findings())
                .noneMatch(f -> f.subject().equals("load matrix"));
    }
}
