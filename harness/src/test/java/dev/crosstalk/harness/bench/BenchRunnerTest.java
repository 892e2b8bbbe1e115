package dev.crosstalk.harness.bench;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.Main;
import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.plugin.Plugins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runner without JMH: the child's command line, and the whole run against a stand-in
 * {@code java} that replays the recorded JMH run (or fails), so the exit codes and files are
 * checked in milliseconds.
 */
class BenchRunnerTest {

    @TempDir
    Path dir;

    private Path plugin() throws IOException {
        Path jar = dir.resolve("my-plugin.jar");
        try (OutputStream os = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("README"));
            zip.closeEntry();
        }
        return jar;
    }

    private BenchConfig config(BenchProfile profile, String regex, List<String> managers, Plugins plugins, Path java)
            throws IOException {
        Path jar = dir.resolve("benchmarks.jar");
        if (!Files.exists(jar)) {
            Files.writeString(jar, "stand-in");
        }
        // the managers are resolved as the commands resolve them: none named means the defaults
        return new BenchConfig(profile, regex, plugins.select(managers.isEmpty() ? BenchConfig.DEFAULT_MANAGERS : managers),
                dir.resolve("out"), false, plugins, jar, java, BenchConfig.DEFAULT_JVM_OPTIONS);
    }

    @Test
    void theChildRunsJmhWithPluginsOnItsClassPathGcProfilingAndJsonResults() throws Exception {
        Path plugin = plugin();
        BenchConfig c = config(BenchProfile.SMOKE, null, List.of(), Plugins.resolve(List.of(plugin), null),
                Path.of("/jdk/bin/java"));

        List<String> cmd = BenchRunner.command(c);

        assertThat(cmd.get(0)).isEqualTo("/jdk/bin/java");
        assertThat(cmd.get(1)).as("the watchdog: JMH dies with crosstalk, even on kill -9")
                .matches("-javaagent:.*crosstalk-watchdog\\.jar=" + ProcessHandle.current().pid());
        assertThat(cmd).containsSubsequence("-Xms1g", "-Xmx1g", "-cp",
                dir.resolve("benchmarks.jar") + File.pathSeparator + plugin, "org.openjdk.jmh.Main",
                BenchProfile.SMOKE.defaultSelection());
        assertThat(String.join(" ", cmd)).contains("-prof gc", "-rf json",
                "-rff " + dir.resolve("out").resolve(".jmh.json.partial"), "-p manager=ssot,registry,factory",
                "-f 1 -wi 2 -i 5 -w 1s -r 1s");
        assertThat(cmd).as("each benchmark fixes its own thread count").doesNotContain("-t");
        assertThat(cmd).doesNotContain("-jar");
    }

    @Test
    void nightlyForksFiveTimesInRoundsAndRunsEverythingAndManagersAndRegexAreTheCallers() throws Exception {
        BenchConfig c = config(BenchProfile.NIGHTLY, "GoldenPath", List.of("registry", "ssot"), Plugins.none(),
                Path.of("java"));
        String cmd = String.join(" ", BenchRunner.command(c));
        assertThat(cmd).contains(" GoldenPath ", "-p manager=registry,ssot", "-f 1 -wi 4 -i 3 -w 900ms -r 400ms");
        assertThat(BenchProfile.NIGHTLY.rounds()).isEqualTo(5);
        assertThat(BenchRunner.command(config(BenchProfile.NIGHTLY, null, List.of(), Plugins.none(), Path.of("java"))))
                .contains("^dev\\.crosstalk\\.bench\\.");
    }

    @Test
    void anUnknownManagerIsBadInputBeforeAnythingRuns() throws Exception {
        assertThatThrownBy(() -> BenchRunner.run(config(BenchProfile.SMOKE, null, List.of("ssot", "nope"), Plugins.none(),
                Path.of("java")), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no manager provider named \"nope\"").hasMessageContaining("available: ");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anUnknownProfileExitsTwo() {
        assertThat(Main.run("bench", "--profile", "weekly")).isEqualTo(ExitCodes.ERROR);
    }

    /** A stand-in for java: prints the recorded console, writes the recorded JSON to -rff, exits with {@code exit}. */
    private Path fakeJava(boolean writeJson, int exit) throws IOException {
        return fakeJava(writeJson ? Fixtures.path(Fixtures.JMH_JSON) : null, exit);
    }

    private Path fakeJava(Path json, int exit) throws IOException {
        Path script = dir.resolve("fake-java");
        String copy = json != null ? "cp '" + json + "' \"$rff\"\n" : "";
        Files.writeString(script, "#!/bin/sh\n"
                + "rff=''\nprev=''\nfor a in \"$@\"; do [ \"$prev\" = -rff ] && rff=\"$a\"; prev=\"$a\"; done\n"
                + "cat '" + Fixtures.path(Fixtures.CONSOLE) + "'\n"
                + copy
                + "exit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aSuccessfulRunWritesJmhJsonSummaryAndLogAndPrintsTheTable() throws Exception {
        BenchConfig c = config(BenchProfile.SMOKE, null, List.of(), Plugins.none(), fakeJava(true, 0));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        BenchResult r = BenchRunner.run(c, new PrintWriter(out), new PrintWriter(err));

        assertThat(r.exitCode()).as(err.toString()).isEqualTo(ExitCodes.CLEAN);
        Path o = dir.resolve("out");
        assertThat(r.jmhJson()).isEqualTo(o.resolve("jmh.json")).isRegularFile();
        assertThat(Files.readString(r.jmhJson())).contains("rawData");
        assertThat(r.summary()).isEqualTo(o.resolve("summary.json")).isRegularFile();
        assertThat(r.log()).isRegularFile();
        assertThat(Files.readString(r.log())).startsWith("# ").contains("# Benchmark: dev.crosstalk.bench.CreationBenchmark.coldCreate");
        assertThat(o.resolve(".jmh.json.partial")).doesNotExist();
        assertThat(r.rows()).hasSize(18);
        assertThat(out.toString()).contains("CreationBenchmark.coldCreate manager=ssot, 1 thread", "ssot (direct)",
                "×ssot", "18 results");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void nightlyRunsFiveRoundsOfOneForkAndJoinsThemIntoOneJmhJson() throws Exception {
        BenchConfig c = config(BenchProfile.NIGHTLY, null, List.of(), Plugins.none(), fakeJava(true, 0));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        BenchResult r = BenchRunner.run(c, new PrintWriter(out), new PrintWriter(err));

        assertThat(r.exitCode()).as(err.toString()).isEqualTo(ExitCodes.CLEAN);
        Path o = dir.resolve("out");
        assertThat(o.resolve("jmh-round-1.log")).isRegularFile();
        assertThat(o.resolve("jmh-round-5.log")).isRegularFile();
        assertThat(out.toString()).contains("5 rounds of one fork each", "round 5 of 5");
        var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.jmhJson().toFile());
        var recorded = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Fixtures.path(Fixtures.JMH_JSON).toFile());
        assertThat(rows).hasSize(recorded.size());
        assertThat(rows.get(0).path("primaryMetric").path("rawData"))
                .hasSize(5 * recorded.get(0).path("primaryMetric").path("rawData").size());
        assertThat(r.rows()).hasSize(18);
        try (var left = Files.list(o)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("partial"));
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aFailedJmhExitsTwoAndSaysWhere() throws Exception {
        BenchConfig c = config(BenchProfile.SMOKE, null, List.of(), Plugins.none(), fakeJava(false, 1));
        StringWriter err = new StringWriter();

        BenchResult r = BenchRunner.run(c, new PrintWriter(new StringWriter()), new PrintWriter(err));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.message()).contains("JMH exited with 1", "JMH produced no results", "jmh.log");
        assertThat(r.summary()).isNull();
        assertThat(err.toString()).contains("the last lines of");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void resultsMissingARequestedManagerAreAnError() throws Exception {
        // The recorded run, without its factory results: as if factory's forks had died silently.
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var all = (com.fasterxml.jackson.databind.node.ArrayNode) mapper.readTree(Fixtures.path(Fixtures.JMH_JSON).toFile());
        var some = mapper.createArrayNode();
        all.forEach(n -> {
            if (!n.path("params").path("manager").asText().equals("factory")) {
                some.add(n);
            }
        });
        Path json = dir.resolve("no-factory.json");
        mapper.writeValue(json.toFile(), some);
        BenchConfig c = config(BenchProfile.SMOKE, null, List.of(), Plugins.none(), fakeJava(json, 0));

        BenchResult r = BenchRunner.run(c, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.message()).contains("no results for factory");
        assertThat(r.rows()).hasSize(12);
        assertThat(r.summary()).as("what was measured is still written").isRegularFile();
    }
}
