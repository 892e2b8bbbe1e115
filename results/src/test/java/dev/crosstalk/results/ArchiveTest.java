package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveException;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.JmhBenchmark;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.Manifest;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.RunInfo;
import dev.crosstalk.results.archive.StressResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveTest {

    @TempDir
    Path dir;

    @Test
    void roundTrip() throws IOException {
        Path file = Synthetic.write(dir, new Synthetic.Spec());
        assertThat(file.getFileName().toString()).isEqualTo("20261120-010000-nightly-0123456.zip");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(file.getFileName().toString());
        }

        Archive a = Archive.open(file);
        Manifest m = a.manifest();
        assertThat(m.schema()).isEqualTo(1);
        assertThat(m.profile()).isEqualTo("nightly");
        assertThat(m.status()).isEqualTo("complete");
        assertThat(m.runId()).isEqualTo("run-42");
        assertThat(m.started()).isEqualTo("2026-11-20T01:00:00Z");
        assertThat(m.ended()).isEqualTo("2026-11-20T01:10:00Z");
        assertThat(m.git().commit()).startsWith("0123456");
        assertThat(m.git().dirty()).isFalse();
        assertThat(m.jvm().vendor()).isEqualTo("Eclipse Adoptium");
        assertThat(m.cpus()).isEqualTo(2);
        assertThat(m.memory().physicalBytes()).isEqualTo(24L << 30);
        assertThat(m.config(Part.BENCH).get("forks").asInt()).isEqualTo(5);
        assertThat(m.config(Part.LOAD).get("scenario").asText()).isEqualTo("steady");
        for (Part p : Part.values()) {
            assertThat(a.status(p)).isEqualTo(PartStatus.COMPLETE);
        }
        assertThat(m.parts().get("stress").files()).contains("stress/results.json", "stress/report/index.html");
        assertThat(a.entries()).contains("manifest.json", "stress/junit.xml", "bench/jmh.json", "load/latency.hlog");

        assertThat(a.jmh()).get().asList().hasSize(9);
        JmhBenchmark first = a.jmh().get().get(0);
        assertThat(first.shortName()).isEqualTo("CreationBenchmark.coldCreate");
        assertThat(first.params()).containsEntry("manager", "ssot");
        assertThat(first.raw()).hasSize(15);                  // 5 forks × 3 iterations, flattened
        assertThat(first.allocRaw()).hasSize(15);
        // and kept per fork: the fork is the sample compare tests
        assertThat(first.rawByFork()).hasSize(5).allSatisfy(f -> assertThat(f).hasSize(3));
        assertThat(first.forkMedians()).hasSize(5);
        assertThat(first.rawByFork().get(1).get(0)).isEqualTo(first.raw().get(3));
        assertThat(first.allocForkMedians()).hasSize(5);
        assertThat(first.allocScore()).isEqualTo(312.0);
        assertThat(first.lowerIsBetter()).isTrue();
        assertThat(a.benchSummary()).get().satisfies(b -> assertThat(b.rows()).hasSize(9));
        assertThat(a.stress().get().tests()).hasSize(5);
        assertThat(a.sensitivity().get().rows()).hasSize(8);
        assertThat(a.loadSummary().get().latency().get("run").p99Us()).isEqualTo(4000.0);
        assertThat(a.latency().get().histograms()).containsOnlyKeys("connect", "first_event", "run");
        assertThat(a.latency().get().histograms().get("connect").getTotalCount()).isEqualTo(6 * 70);
        assertThat(a.latency().get().percentileMicros("run", 50)).isBetween(1500.0, 2500.0);
        assertThat(a.perUser()).hasSize(20);
        assertThat(a.leaks()).isEmpty();
        assertThat(a.bytes("stress/report/index.html")).get()
                .satisfies(b -> assertThat(new String(b, StandardCharsets.UTF_8)).contains("JCStress report"));
    }

    @Test
    void leakRecordsAreRead() throws IOException {
        Archive a = Archive.open(Synthetic.write(dir, new Synthetic.Spec().with(s -> s.leaks = 20)));
        assertThat(a.leaks()).hasSize(20);
        assertThat(a.leaks().get(1).receivingUser()).isEqualTo("user-003");
        assertThat(a.leaks().get(1).owningUser()).isEqualTo("user-011");
        assertThat(a.leaks().get(1).eventType()).isEqualTo("tool_executing");
    }

    @Test
    void interruptedRunLeavesAReadableArchiveMarkingUnfinishedParts() throws IOException {
        Path file = Synthetic.write(dir, new Synthetic.Spec().with(s -> s.interrupted = true));
        Archive a = Archive.open(file);
        assertThat(a.manifest().status()).isEqualTo("interrupted");
        assertThat(a.manifest().message()).contains("interrupted");
        assertThat(a.status(Part.STRESS)).isEqualTo(PartStatus.COMPLETE);
        assertThat(a.status(Part.BENCH)).isEqualTo(PartStatus.PARTIAL);
        assertThat(a.manifest().parts().get("bench").message()).startsWith("unfinished");
        assertThat(a.status(Part.LOAD)).isEqualTo(PartStatus.NOT_RUN);
        assertThat(a.jmh()).isPresent();
        assertThat(a.loadSummary()).isEmpty();
    }

    @Test
    void closeWithoutFinishAbortsAndCollisionsGetASuffix() throws IOException {
        Instant t = Instant.parse("2026-11-21T02:03:04Z");
        Path first;
        try (ArchiveWriter w = ArchiveWriter.begin(dir, RunInfo.of("smoke", null).withStarted(t))) {
            w.startPart(Part.STRESS);
            w.addBytes(Part.STRESS, "results.json", Json.partText(new StressResults(StressResults.SCHEMA, StressResults.INSTRUMENT,
                    StressResults.JCSTRESS_VERSION, "sanity", null, null, null, null, List.of(), List.of())).getBytes(StandardCharsets.UTF_8));
            first = w.temporaryFile();
            assertThat(first.getFileName().toString()).startsWith(".20261121-020304-smoke-nogit").endsWith(".zip.tmp");
        }
        assertThat(first).doesNotExist();
        Path a = dir.resolve("20261121-020304-smoke-nogit.zip");
        assertThat(Archive.open(a).status(Part.STRESS)).isEqualTo(PartStatus.PARTIAL);
        ArchiveWriter w2 = ArchiveWriter.begin(dir, RunInfo.of("smoke", null).withStarted(t));
        w2.markPart(Part.STRESS, PartStatus.FAILED, "jcstress exited 2");
        Path b = w2.finish();
        assertThat(b.getFileName().toString()).isEqualTo("20261121-020304-smoke-nogit-1.zip");
        Archive rb = Archive.open(b);
        assertThat(rb.status(Part.STRESS)).isEqualTo(PartStatus.FAILED);
        assertThat(rb.manifest().parts().get("stress").message()).isEqualTo("jcstress exited 2");
        assertThat(rb.manifest().status()).isEqualTo("complete");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void truncatedZip() throws IOException {
        Path good = Synthetic.write(dir, new Synthetic.Spec());
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("truncated.zip");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Archive.open(cut)).isInstanceOf(ArchiveException.class)
                .hasMessageStartingWith(cut.toString() + ": ")
                .hasMessageContaining("not a readable zip archive: truncated or corrupt");
    }

    @Test
    void corruptEntry() throws IOException {
        Path good = Synthetic.write(dir, new Synthetic.Spec());
        byte[] bytes = Files.readAllBytes(good);
        // flip bytes in the middle of the data (entries are deflated: a CRC or inflate error follows)
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Path bad = dir.resolve("corrupt.zip");
        Files.write(bad, bytes);
        assertThatThrownBy(() -> Archive.open(bad)).isInstanceOf(ArchiveException.class)
                .hasMessageStartingWith(bad + ": ").hasMessageContaining("corrupt");
    }

    @Test
    void notAZipAtAll() throws IOException {
        Path f = dir.resolve("notes.zip");
        Files.writeString(f, "these are not the bytes of a zip file\n");
        assertThatThrownBy(() -> Archive.open(f)).isInstanceOf(ArchiveException.class)
                .hasMessageStartingWith(f + ": not a readable zip archive");
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.zip");
        assertThatThrownBy(() -> Archive.open(f)).isInstanceOf(ArchiveException.class)
                .hasMessage(f + ": no such file");
    }

    @Test
    void missingManifest() throws IOException {
        Path f = zip("no-manifest.zip", "bench/jmh.json", "[]");
        assertThatThrownBy(() -> Archive.open(f)).isInstanceOf(ArchiveException.class)
                .hasMessageStartingWith(f + ": no manifest.json");
    }

    @Test
    void newerSchema() throws IOException {
        Path f = zip("future.zip", "manifest.json", "{\"schema\": 999, \"profile\": \"smoke\", \"hologram\": true}");
        assertThatThrownBy(() -> Archive.open(f)).isInstanceOf(ArchiveException.class)
                .hasMessage(f + ": manifest.json has schema 999, newer than this crosstalk reads (1):"
                        + " use a newer crosstalk to read it");
    }

    @Test
    void manifestWithoutSchemaOrNotJson() throws IOException {
        Path f = zip("noschema.zip", "manifest.json", "{\"profile\": \"smoke\"}");
        assertThatThrownBy(() -> Archive.open(f)).hasMessage(f + ": manifest.json has no integer 'schema' version");
        Path g = zip("garbage.zip", "manifest.json", "{\"schema\": 1, ");
        assertThatThrownBy(() -> Archive.open(g)).hasMessageStartingWith(g + ": manifest.json is not valid JSON");
    }

    @Test
    void aStartTimeThatIsNotAnInstantIsRefusedWhenOpened() throws IOException {
        // trend, compare and the baseline window order archives by it: a bad one must be bad input, not a crash later
        Path f = zip("when.zip", "manifest.json", "{\"schema\": 1, \"profile\": \"smoke\", \"started\": \"last tuesday\"}");
        assertThatThrownBy(() -> Archive.open(f)).isInstanceOf(ArchiveException.class)
                .hasMessage(f + ": manifest.json 'started' is not an ISO-8601 UTC instant like 2026-11-20T01:00:00Z:"
                        + " \"last tuesday\"");
    }

    @Test
    void partFileThatDoesNotParse() throws IOException {
        Path f = zip("badpart.zip", "manifest.json", "{\"schema\": 1, \"profile\": \"smoke\"}",
                "load/summary.json", "{\"schema\": 1, \"users\": \"many\"}");
        assertThatThrownBy(() -> Archive.open(f)).hasMessageStartingWith(f + ": load/summary.json does not follow docs/formats.md");
        Path g = zip("newpart.zip", "manifest.json", "{\"schema\": 1}", "stress/results.json", "{\"schema\": 7}");
        assertThatThrownBy(() -> Archive.open(g)).hasMessage(g + ": stress/results.json has schema 7, newer than this crosstalk reads (1)");
    }

    @Test
    void sampleModeHistogramsBecomeOneSamplePerIteration() throws IOException {
        String jmh = "[{\"benchmark\":\"a.B.c\",\"mode\":\"sample\",\"threads\":1,\"forks\":1,"
                + "\"primaryMetric\":{\"score\":2.0,\"scoreError\":0.1,\"scoreUnit\":\"us/op\","
                + "\"rawDataHistogram\":[[[[1.0,3],[3.0,1]],[[2.0,2]]]]}}]";
        Path f = zip("sample.zip", "manifest.json", "{\"schema\": 1}", "bench/jmh.json", jmh);
        JmhBenchmark b = Archive.open(f).jmh().orElseThrow().get(0);
        assertThat(b.raw()).containsExactly(1.5, 2.0);       // (1·3 + 3·1)/4, (2·2)/2
        assertThat(b.lowerIsBetter()).isTrue();
        assertThat(b.label()).isEqualTo("B.c");
    }

    private Path zip(String name, String... entries) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
            for (int i = 0; i < entries.length; i += 2) {
                z.putNextEntry(new ZipEntry(entries[i]));
                z.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return f;
    }
}
