package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.RunInfo;
import dev.crosstalk.results.io.AtomicFiles;
import dev.crosstalk.results.report.HtmlReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void everySectionRendersForACompleteArchive() throws IOException {
        Archive a = Archive.open(Synthetic.write(dir, new Synthetic.Spec().with(s -> s.leaks = 9)));
        String html = HtmlReport.render(List.of(a), Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(html).contains("aria-label=\"latency percentiles of connect\"")
                .contains("aria-label=\"latency percentiles of first_event\"")
                .contains("aria-label=\"latency percentiles of run\"")
                .contains("aria-label=\"JMH CreationBenchmark.coldCreate")
                .contains("class=\"matrix\"").contains("defect.racy-factory-singleton")
                .contains("aria-label=\"top leaking user pairs\"")
                .contains("user-00007 → user-00003: 360").contains("exact leaks per pair")
                .doesNotContain("Trends");     // one archive: no history
        assertThat(html.split("<svg", -1).length - 1).isEqualTo(3 + 3 + 1);
    }

    /** The page of one run, written as {@code crosstalk report} writes it: beside the archive, which stays as it was. */
    @Test
    void theReportOfOneArchiveIsAPageBesideIt() throws IOException {
        Path file = Synthetic.write(dir, new Synthetic.Spec());
        int before = Archive.open(file).entries().size();
        Path page = dir.resolve("report.html");
        AtomicFiles.writeString(page, HtmlReport.render(List.of(Archive.open(file)), Instant.parse("2026-11-25T00:00:00Z")));
        AtomicFiles.writeString(page, HtmlReport.render(List.of(Archive.open(file)), Instant.parse("2026-11-25T00:00:01Z")));
        assertThat(Files.readString(page, StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>");
        Archive a = Archive.open(file);
        assertThat(a.entries()).hasSize(before);
        assertThat(a.manifest().status()).isEqualTo("complete");
        try (var s = Files.list(dir)) {
            assertThat(s).containsExactlyInAnyOrder(file, page);     // replaced, not doubled; no temporary left
        }
    }

    @Test
    void interruptedAndEmptyArchivesStillRender() throws IOException {
        Archive interrupted = Archive.open(Synthetic.write(Files.createDirectories(dir.resolve("i")),
                new Synthetic.Spec().with(s -> s.interrupted = true)));
        ArchiveWriter w = ArchiveWriter.begin(dir.resolve("e"), RunInfo.of("smoke", null)
                .withStarted(Instant.parse("2026-11-22T00:00:00Z")));
        Archive empty = Archive.open(w.finish());
        String html = HtmlReport.render(List.of(interrupted, empty), Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(html).contains("interrupted").contains("not-run").contains("partial")
                .contains("No archive has load/latency.hlog.").contains("No archive has a load part.")
                .contains("</html>");
    }
}
