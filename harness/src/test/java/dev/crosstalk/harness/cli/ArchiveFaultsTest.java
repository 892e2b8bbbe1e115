package dev.crosstalk.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crosstalk.harness.CliRun;
import dev.crosstalk.results.Synthetic;
import dev.crosstalk.results.archive.ZipSurgery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults a user meets through the CLI, each one line on standard error naming what and where, exit 2, no stack
 * trace: damaged and forged archives, a manifest whose start time is not a time, a full disk, {@code --out} naming a
 * file; compare's exit when the candidate did not complete; validate writing nothing it was not asked to.
 */
class ArchiveFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path archive(String sub, Consumer<Synthetic.Spec> change) throws IOException {
        return Synthetic.write(Files.createDirectories(dir.resolve(sub)), new Synthetic.Spec().with(change));
    }

    private static void assertOneLine(CliRun r, String command, String starts) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("crosstalk " + command + ": " + starts);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /** A copy of {@code a} with its manifest changed by {@code edit}. */
    private Path withManifest(Path a, String name, UnaryOperator<ObjectNode> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(ZipSurgery.entries(a));
        ObjectNode m = (ObjectNode) JSON.readTree(entries.get("manifest.json"));
        entries.put("manifest.json", JSON.writeValueAsBytes(edit.apply(m)));
        return Files.write(dir.resolve(name), ZipSurgery.zip(entries, Set.of()));
    }

    @Test
    void damagedAndForgedArchivesAreOneLineExitTwoInEveryReader() throws IOException {
        Path a = archive("a", s -> { });
        Map<String, byte[]> entries = new LinkedHashMap<>(ZipSurgery.entries(a));
        byte[] zip = ZipSurgery.zip(entries, Set.of());
        Path crc = Files.write(dir.resolve("crc.zip"),
                ZipSurgery.setCentral(zip, "load/summary.json", ZipSurgery.CEN_CRC, 0xdeadbeefL));
        Path lying = Files.write(dir.resolve("lying.zip"),
                ZipSurgery.setCentral(zip, "load/per-user.csv", ZipSurgery.CEN_SIZE, 10));
        byte[] big = new byte[(64 << 20) + 10];
        Arrays.fill(big, (byte) ' ');
        byte[] manifest = entries.get("manifest.json");
        System.arraycopy(manifest, 0, big, 0, manifest.length);
        entries.put("manifest.json", big);
        Path huge = Files.write(dir.resolve("huge-manifest.zip"), ZipSurgery.zip(entries, Set.of()));

        Map<Path, String> expected = Map.of(
                crc, crc + ": entry load/summary.json is corrupt: CRC-32 ",
                lying, lying + ": entry load/per-user.csv holds more data than the 10 bytes its header declares",
                huge, huge + ": entry manifest.json is too large: it declares " + big.length + " bytes");
        for (var e : expected.entrySet()) {
            String bad = e.getKey().toString();
            assertOneLine(CliRun.of("compare", a.toString(), bad), "compare", e.getValue());
            assertOneLine(CliRun.of("trend", bad), "trend", e.getValue());
            assertOneLine(CliRun.of("report", bad, "-o", dir.resolve("r.html").toString()), "report", e.getValue());
            assertOneLine(CliRun.of("validate", "--profile", "nightly", "--archive", bad), "validate", e.getValue());
        }
    }

    @Test
    void aStartTimeThatIsNotATimeIsBadInputForTrendAndCompare() throws IOException {
        Path a = archive("a", s -> { });
        Path b = archive("b", s -> s.started = Instant.parse("2026-11-21T01:00:00Z"));
        Path when = withManifest(b, "when.zip", m -> m.put("started", "yesterday"));
        String why = when + ": manifest.json 'started' is not an ISO-8601 UTC instant like 2026-11-20T01:00:00Z: \"yesterday\"";
        assertOneLine(CliRun.of("trend", a.toString(), when.toString()), "trend", why);
        assertOneLine(CliRun.of("compare", "--baseline-window", a.toString(), when.toString()), "compare", why);
    }

    @Test
    void compareExitsTwoWhenTheCandidatesPartsAreMissingPartialOrFailed() throws IOException {
        Path a = archive("a", s -> { });
        Path interrupted = archive("i", s -> s.interrupted = true);    // bench partial, load never begun
        Path failed = withManifest(a, "failed.zip", m -> {
            ((ObjectNode) m.path("parts").path("load")).put("status", "failed").put("message", "target closed");
            return m;
        });
        Path notRun = withManifest(a, "not-run.zip", m -> {
            ((ObjectNode) m.path("parts").path("bench")).put("status", "not-run");
            return m;
        });
        CliRun i = CliRun.of("compare", a.toString(), interrupted.toString());
        assertThat(i.exitCode()).as(i.out()).isEqualTo(2);
        assertThat(i.out()).contains("the candidate's bench part is partial").contains("the candidate's load part is not-run");
        CliRun f = CliRun.of("compare", a.toString(), failed.toString());
        assertThat(f.exitCode()).as(f.out()).isEqualTo(2);
        assertThat(f.out()).contains("the candidate's load part is failed (target closed)");
        CliRun n = CliRun.of("compare", a.toString(), notRun.toString());
        assertThat(n.exitCode()).as(n.out()).isEqualTo(2);
        assertThat(n.out()).contains("the candidate's bench part is not-run");
        // and a finding outranks it: a regression in what was measured is still reported as one
        Path slowAndCut = withManifest(archive("s", s -> { s.benchFactor = 1.3; s.seed = 5; }), "slow-cut.zip", m -> {
            ((ObjectNode) m.path("parts").path("load")).put("status", "failed");
            return m;
        });
        assertThat(CliRun.of("compare", a.toString(), slowAndCut.toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void validateWritesNoJunitFileUnlessAsked() throws IOException {
        Path a = archive("a", s -> { });
        Path inCurrentFolder = Path.of("validate-junit.xml").toAbsolutePath();
        Files.deleteIfExists(inCurrentFolder);
        CliRun run = CliRun.of("validate", "--profile", "nightly", "--archive", a.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(inCurrentFolder).doesNotExist();
        assertThat(run.out()).doesNotContain("JUnit XML");
        Path xml = dir.resolve("gate.xml");
        assertThat(CliRun.of("validate", "--profile", "nightly", "--archive", a.toString(), "--junit", xml.toString())
                .exitCode()).isZero();
        assertThat(xml).exists();
    }

    @Test
    void runOutNamingAFileIsBadInputAndLeavesNoWorkFolder() throws IOException {
        Path file = Files.writeString(dir.resolve("archives.txt"), "not a folder\n");
        Set<Path> before = workFolders();
        CliRun r = CliRun.of("run", "--quiet", "--out", file.toString());
        assertOneLine(r, "run", "--out " + file + ": not a folder");
        CliRun under = CliRun.of("run", "--quiet", "--out", file.resolve("sub").toString());
        assertOneLine(under, "run", "could not complete: ");
        assertThat(under.err()).contains(file.toString());
        assertThat(workFolders()).as("crosstalk-run-* folders left in the temporary folder").isSubsetOf(before);
    }

    @Test
    void aFullDiskIsOneLineNamingTheFile() throws Exception {
        // what the JDK throws when a write meets ENOSPC, as deep as a runner may wrap it
        Exception full = new UncheckedIOException(new FileSystemException("/mnt/full/results/archives/x.zip.tmp", null,
                "No space left on device"));
        CommandLine cl = CrosstalkCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.getSubcommands().get("run").setErr(new PrintWriter(err));
        int code = cl.getExecutionExceptionHandler().handleExecutionException(full, cl.getSubcommands().get("run"), null);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("crosstalk run: could not complete: /mnt/full/results/archives/x.zip.tmp:"
                + " No space left on device" + System.lineSeparator());
    }

    private static Set<Path> workFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return Set.copyOf(s.filter(p -> p.getFileName().toString().startsWith("crosstalk-run-")).toList());
        }
    }
}
