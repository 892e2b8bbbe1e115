package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.LeakRecord;
import dev.crosstalk.results.archive.LoadFiles;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.PerUserRow;
import dev.crosstalk.results.archive.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The load files as the driver writes them and the archive reads them: a round trip through the one
 * writer ({@link LoadFiles}) and {@link Archive}, with the user ids that a CSV or JSON line gets wrong
 * when writer and reader drift apart (a comma, a quote, a doubled quote, non-ASCII).
 */
class LoadFilesTest {

    @TempDir
    Path dir;

    @Test
    void awkwardUserIdsSurviveTheRoundTrip() throws IOException {
        List<String> users = List.of("plain", "a,b", "say \"hi\"", "\"quoted\",twice\"\"", "ユーザー,1");
        List<PerUserRow> rows = users.stream().map(u -> new PerUserRow(u, 3, 1, 2, 0)).toList();
        List<LeakRecord> leaks = List.of(new LeakRecord("a,b", "say \"hi\"", "tool_executing", "run-1",
                "2026-11-30T00:00:00Z"));
        Path load = Files.createDirectories(dir.resolve("work/load"));
        Path archive;
        try (ArchiveWriter w = ArchiveWriter.begin(dir, RunInfo.of("smoke", null))) {
            w.startPart(Part.LOAD);
            LoadFiles.write(load, Synthetic.loadSummary(new Synthetic.Spec()), leaks, rows, null);
            w.addPart(Part.LOAD, load);
            w.markPart(Part.LOAD, PartStatus.COMPLETE, null);
            archive = w.finish();
        }
        Archive a = Archive.open(archive);
        assertThat(a.perUser()).containsExactlyElementsOf(rows);
        assertThat(a.leaks()).containsExactlyElementsOf(leaks);
    }

    @Test
    void csvFieldsFollowRfc4180() {
        assertThat(LoadFiles.csvFields("a,\"b,c\",\"d \"\"e\"\"\",")).containsExactly("a", "b,c", "d \"e\"", "");
        assertThat(LoadFiles.csvFields(LoadFiles.PER_USER_HEADER)).containsExactly("user", "runs", "leaks_received",
                "leaks_caused", "losses");
        assertThatThrownBy(() -> LoadFiles.csvFields("\"open,1")).isInstanceOf(IllegalArgumentException.class);
    }
}
