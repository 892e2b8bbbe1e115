package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C in the middle of a run: the shutdown hook closes the archive and the manifest says what was unfinished. */
class InterruptTest {

    @TempDir
    Path dir;

    /** The child: begins an archive, finishes stress, begins bench, says READY and waits to be interrupted. */
    public static void main(String[] args) throws Exception {
        ArchiveWriter w = ArchiveWriter.begin(Path.of(args[0]), RunInfo.of("smoke", null));
        w.installShutdownHook();
        w.startPart(Part.STRESS, Map.of("mode", "sanity"));
        w.addBytes(Part.STRESS, "results.json", "{\"schema\":1,\"tests\":[]}".getBytes(StandardCharsets.UTF_8));
        w.markPart(Part.STRESS, PartStatus.COMPLETE, null);
        w.startPart(Part.BENCH, Map.of("forks", 1));
        w.addBytes(Part.BENCH, "jmh.json", "[]".getBytes(StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        // Not a wait-and-hope: the parent waits for READY, then signals; this child only has to be alive. The
        // 60 s bound is so that a child whose parent test died does not linger.
        Thread.sleep(60_000);
    }

    @Test
    void sigintLeavesAReadableArchive() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                InterruptTest.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("READY")) {
                // wait for the child to be in the middle of its run
            }
            assertThat(line).isEqualTo("READY");
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<Path> zips;
        try (Stream<Path> s = Files.list(dir)) {
            zips = s.toList();
        }
        assertThat(zips).singleElement().satisfies(z -> assertThat(z.getFileName().toString()).matches("\\d{8}-\\d{6}-smoke-nogit\\.zip"));
        Archive a = Archive.open(zips.get(0));
        assertThat(a.manifest().status()).isEqualTo("interrupted");
        assertThat(a.status(Part.STRESS)).isEqualTo(PartStatus.COMPLETE);
        assertThat(a.status(Part.BENCH)).isEqualTo(PartStatus.PARTIAL);
        assertThat(a.status(Part.LOAD)).isEqualTo(PartStatus.NOT_RUN);
        assertThat(a.manifest().config(Part.BENCH).get("forks").asInt()).isEqualTo(1);
        assertThat(a.jmh()).get().asList().isEmpty();
    }
}
