package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.RunInfo;
import dev.crosstalk.results.archive.StressResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Ctrl-C in the middle of a run: the shutdown hook closes the archive and the manifest says what was unfinished. */
class InterruptTest {

    @TempDir
    Path dir;

    /** The child: begins an archive, finishes stress, begins bench, says READY and waits to be interrupted. */
    public static void main(String[] args) throws Exception {
        ArchiveWriter w = ArchiveWriter.begin(Path.of(args[0]), RunInfo.of("smoke", null));
        w.installShutdownHook();
        w.startPart(Part.STRESS, Map.of("mode", "sanity"));
        w.addBytes(Part.STRESS, "results.json", Json.partText(new StressResults(StressResults.SCHEMA, StressResults.INSTRUMENT,
                    StressResults.JCSTRESS_VERSION, "sanity", null, null, null, null, List.of(), List.of())).getBytes(StandardCharsets.UTF_8));
        w.markPart(Part.STRESS, PartStatus.COMPLETE, null);
        w.startPart(Part.BENCH, Map.of("forks", 1));
        w.addBytes(Part.BENCH, "jmh.json", "[]".getBytes(StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        // Not a wait-and-hope: the parent waits for READY, then signals; this child only has to be alive. The
        // 60 s bound is so that a child whose parent test died does not linger.
        Thread.sleep(60_000);
    }

    /**
     * A user's Ctrl-C (SIGINT) and a supervisor's stop (SIGTERM) must both leave a readable archive. The
     * test must not depend on how it was started itself: a background job of a non-interactive shell
     * ({@code nohup ./mvnw verify &}, a CI script) starts with SIGINT <em>ignored</em>, the child JVM would
     * inherit that, and the JVM never installs its handler for an ignored SIGINT. So the child is started
     * through {@code env --default-signal=INT} (coreutils 8.31+), which restores the default disposition
     * as a terminal would have it; and on Linux the test checks the child's signal mask before it signals.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalLeavesAReadableArchive(String signal) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(restoringSigint());
        cmd.addAll(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                InterruptTest.class.getName(), dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("READY")) {
                // wait for the child to be in the middle of its run
            }
            assertThat(line).isEqualTo("READY");
            if (signal.equals("INT")) {
                assumeFalse(ignores(p.pid(), 2), "SIGINT is ignored in this test's process group and this machine has"
                        + " no `env --default-signal` to restore it for the child; only SIGTERM can be tested here");
            }
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the child ended on SIG" + signal).isTrue();
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

    /** {@code env --default-signal=INT} where this machine's env has it (GNU coreutils 8.31+); else nothing. */
    private static List<String> restoringSigint() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0
                    ? List.of("env", "--default-signal=INT") : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Whether process {@code pid} ignores signal {@code number}, from Linux's /proc; false where it cannot be read. */
    private static boolean ignores(long pid, int number) throws IOException {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String l : Files.readAllLines(status)) {
            if (l.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(l.substring("SigIgn:".length()).strip(), 16);
                return (mask & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }
}
