package dev.crosstalk.harness.cli;

import dev.crosstalk.results.Synthetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The archive commands end to end through the CLI: exit codes and messages. */
class ArchiveCommandsTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = CrosstalkCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path archive(String sub, java.util.function.Consumer<Synthetic.Spec> change) throws IOException {
        return Synthetic.write(Files.createDirectories(dir.resolve(sub)), new Synthetic.Spec().with(change));
    }

    @Test
    void compareAgainstItselfExitsZero() throws IOException {
        Path a = archive("a", s -> { });
        Run r = run("compare", a.toString(), a.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("geomean").contains("no findings (exit 0)").doesNotContain("REGRESSION");
    }

    @Test
    void thirtyPercentSlowerExitsOneWithPBelowAlpha() throws IOException {
        Path a = archive("a", s -> { });
        Path b = archive("b", s -> { s.benchFactor = 1.3; s.seed = 5; });
        Run r = run("compare", a.toString(), b.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("REGRESSION").contains("findings: 9 (exit 1)").contains("p=0.008 q=0.008 forks 5+5");
        Run json = run("compare", "--format", "json", a.toString(), b.toString());
        assertThat(json.code()).isEqualTo(1);
        assertThat(json.out()).contains("\"verdict\" : \"regression\"");
        Run junit = run("compare", "--format", "junit", "--min-effect", "50%", a.toString(), b.toString());
        assertThat(junit.code()).as("30%% is within a 50%% threshold").isZero();
        assertThat(junit.out()).startsWith("<?xml").contains("failures=\"0\"");
        Path md = dir.resolve("out/compare.md");
        Run file = run("compare", "--format", "markdown", "-o", md.toString(), a.toString(), b.toString());
        assertThat(file.code()).isEqualTo(1);
        assertThat(md).content().contains("| benchmark |");
    }

    /**
     * {@code --baseline-window}: the last N complete archives of the candidate's profile that started before it are
     * pooled; a smoke archive, an interrupted one and the candidate itself in the same folder are skipped, and say so.
     */
    @Test
    void baselineWindowPoolsTheLastCompleteArchivesOfTheProfile() throws IOException {
        Path hist = Files.createDirectories(dir.resolve("hist"));
        for (int i = 0; i < 4; i++) {
            int night = i;
            Synthetic.write(hist, new Synthetic.Spec().with(s -> {
                s.seed = 300 + night;
                s.started = java.time.Instant.parse("2026-11-01T01:00:00Z").plusSeconds(86400L * night);
            }));
        }
        Synthetic.write(hist, new Synthetic.Spec().with(s -> { s.profile = "smoke"; s.seed = 310;
            s.started = java.time.Instant.parse("2026-11-03T12:00:00Z"); }));
        Synthetic.write(hist, new Synthetic.Spec().with(s -> { s.interrupted = true; s.seed = 311;
            s.started = java.time.Instant.parse("2026-11-04T12:00:00Z"); }));
        Path cand = Synthetic.write(hist, new Synthetic.Spec().with(s -> { s.seed = 320; s.benchFactor = 1.25;
            s.started = java.time.Instant.parse("2026-11-06T01:00:00Z"); }));

        Run r = run("compare", "--baseline-window", hist.toString(), "--window", "3", cand.toString());

        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("baseline window: 20261102-010000-nightly-0123456, 20261103-010000-nightly-0123456,"
                + " 20261104-010000-nightly-0123456").contains("forks 15+5").contains("window noise ±").contains("REGRESSION");
        assertThat(r.err()).contains("skipped 20261103-120000-smoke-0123456 (profile smoke, not nightly)")
                .contains("(run interrupted)").contains("(the candidate itself)")
                .contains("1 older archive(s), beyond the last 3");
        assertThat(run("compare", "--baseline-window", hist.toString(), cand.toString(), cand.toString()).code())
                .isEqualTo(2);
        Path empty = Files.createDirectories(dir.resolve("only-smoke"));
        Synthetic.write(empty, new Synthetic.Spec().with(s -> s.profile = "smoke"));
        Run none = run("compare", "--baseline-window", empty.toString(), cand.toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--baseline-window: no complete nightly archive started before");
    }

    @Test
    void truncatedZipExitsTwoNamingTheFile() throws IOException {
        Path a = archive("a", s -> { });
        byte[] bytes = Files.readAllBytes(a);
        Path cut = dir.resolve("cut.zip");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));
        Run r = run("compare", a.toString(), cut.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("crosstalk compare: " + cut + ": not a readable zip archive");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void schema999ExitsTwo() throws IOException {
        Path f = dir.resolve("future.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("manifest.json"));
            z.write("{\"schema\": 999}".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Path a = archive("a", s -> { });
        Run r = run("compare", f.toString(), a.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(f + ": manifest.json has schema 999, newer than this crosstalk reads (1)");
        assertThat(run("trend", f.toString()).code()).isEqualTo(2);
        assertThat(run("report", f.toString(), "-o", dir.resolve("x.html").toString()).code()).isEqualTo(2);
    }

    @Test
    void missingManifestAndBadOptionsExitTwo() throws IOException {
        Path f = dir.resolve("plain.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Run r = run("compare", f.toString(), f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(f + ": no manifest.json");
        Path a = archive("a", s -> { });
        assertThat(run("compare", "--threshold", "lots", a.toString(), a.toString()).code()).isEqualTo(2);
        assertThat(run("compare", "--alpha", "3", a.toString(), a.toString()).code()).isEqualTo(2);
        assertThat(run("compare", "--format", "pdf", a.toString(), a.toString()).code()).isEqualTo(2);
        assertThat(run("compare", a.toString()).code()).isEqualTo(2);
        assertThat(run("compare", a.toString(), dir.resolve("nope.zip").toString()).err()).contains("nope.zip: no such file");
    }

    @Test
    void trendNamesTheStepChangeArchive() throws IOException {
        Path hist = Files.createDirectories(dir.resolve("history"));
        for (int i = 0; i < 10; i++) {
            int night = i;
            Synthetic.write(hist, new Synthetic.Spec().with(s -> {
                s.started = Instant.parse("2026-11-01T01:00:00Z").plusSeconds(86400L * night);
                s.seed = 200 + night;
                s.benchFactor = night >= 7 ? 1.3 : 1.0;
                s.sha = String.format("%07x", 0xdef000 + night) + "0".repeat(33);
            }));
        }
        Run r = run("trend", hist.toString(), "--metric", "bench:CreationBenchmark.coldCreate.*ssot");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("20261108-010000-nightly-0def007  2026-11-08T01:00:00Z").contains("<< change point");
        assertThat(r.out()).contains("bench:CreationBenchmark.coldCreate connections=1 manager=ssot @ 20261108-010000-nightly-0def007");
        assertThat(run("trend", hist.toString(), "--metric", "nothing-like-this").code()).isEqualTo(2);
        assertThat(run("trend", hist.toString(), "--metric", "([").code()).isEqualTo(2);
    }

    @Test
    void reportIsSelfContained() throws IOException {
        Path a = archive("a", s -> { });
        Path b = archive("b", s -> { s.benchFactor = 1.3; s.leaks = 12; s.started = Instant.parse("2026-11-21T01:00:00Z"); });
        Path out = dir.resolve("r.html");
        Run r = run("report", a.toString(), b.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(out);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Latency percentiles")
                .contains("JMH: creation paths").contains("sensitivity matrix").contains("top leaking user pairs")
                .contains("Trends");
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script")
                .doesNotContain("<link");
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertThat(r.out()).contains("compare").contains("trend").contains("report");
        assertThat(run("compare", "--help").out()).contains("--min-effect").contains("--baseline-window")
                .contains("Benjamini-Hochberg").contains("Hodges-Lehmann");
    }
}
