package dev.crosstalk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plugin jar on JMH's class path reaches the JVMs JMH forks: {@code crosstalk bench} starts
 * {@code java -cp benchmarks.jar:plugin.jar org.openjdk.jmh.Main}, and JMH starts its forks
 * with the host's class path and JVM options. One tiny JMH run (one 100 ms iteration, about
 * 3 s) of a provider that exists only in a jar this test builds.
 */
class PluginReachesForksIT {

    @TempDir
    Path dir;

    private Path pluginJar() throws IOException {
        Path jar = dir.resolve("fork-probe.jar");
        String cls = ForkProbeProvider.class.getName().replace('.', '/') + ".class";
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os)) {
            out.putNextEntry(new JarEntry(cls));
            try (var in = ForkProbeProvider.class.getClassLoader().getResourceAsStream(cls)) {
                in.transferTo(out);
            }
            out.closeEntry();
            out.putNextEntry(new JarEntry("META-INF/services/dev.crosstalk.manager.spi.ManagerProvider"));
            out.write((ForkProbeProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void aPluginManagerIsMeasuredInsideTheFork() throws Exception {
        Path benchmarks = Path.of(System.getProperty("benchmarks.jar", "target/benchmarks.jar"));
        Path probe = dir.resolve("pids.txt");
        Path json = dir.resolve("jmh.json");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcrosstalk.probe.file=" + probe,
                // JMH allows one instance per machine (/tmp/jmh.lock): this check measures nothing,
                // so it must not fail because someone is benchmarking on the same machine.
                "-Djmh.ignoreLock=true",
                "-cp", benchmarks + java.io.File.pathSeparator + pluginJar(),
                "org.openjdk.jmh.Main", "CreationBenchmark\\.hotUser$",
                "-p", "manager=fork-probe", "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms",
                "-rf", "json", "-rff", json.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("JMH finished within 60 s").isTrue();
        String console = Files.readString(dir.resolve("console.txt"));
        assertThat(p.exitValue()).as(console).isZero();
        assertThat(console).as(console).doesNotContain("<failure>");

        JsonNode results = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(results).as(console).hasSize(1);
        assertThat(results.get(0).path("params").path("manager").asText()).isEqualTo("fork-probe");

        List<String> pids = Files.readAllLines(probe).stream().distinct().toList();
        assertThat(pids).as("the JVMs the plugin ran in").hasSize(1);
        assertThat(Long.parseLong(pids.get(0))).as("a forked JVM, not the JMH host").isNotEqualTo(p.pid());
    }
}
