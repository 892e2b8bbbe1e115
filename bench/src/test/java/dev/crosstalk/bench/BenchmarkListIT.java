package dev.crosstalk.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Checks the shaded {@code benchmarks.jar} itself, after {@code package} (failsafe runs it in
 * {@code integration-test}): JMH's generated benchmark list is there and not empty (on JDK 23+
 * without {@code <proc>full</proc>} it silently is), every kind of benchmark the suite promises
 * is listed, JMH is the main class, and the providers' service files were merged.
 */
class BenchmarkListIT {

    private static Path jar() {
        String p = System.getProperty("benchmarks.jar", "target/benchmarks.jar");
        Path jar = Path.of(p);
        assertThat(jar).as("the shaded jar, built by 'package'").isRegularFile();
        return jar;
    }

    private static String read(JarFile jar, String name) throws IOException {
        ZipEntry e = jar.getEntry(name);
        assertThat(e).as(name + " in " + jar.getName()).isNotNull();
        try (InputStream in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void benchmarkListIsNotEmptyAndHasEveryKind() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            ZipEntry list = jar.getEntry("META-INF/BenchmarkList");
            assertThat(list).as("META-INF/BenchmarkList in " + jar.getName()).isNotNull();
            Map<String, Integer> threads = new TreeMap<>();
            try (InputStream in = jar.getInputStream(list)) {
                for (BenchmarkListEntry e : BenchmarkList.readBenchmarkList(in)) {
                    threads.put(e.getUsername().replace("dev.crosstalk.bench.", ""), e.getThreads().orElse(1));
                }
            }
            assertThat(threads).as("benchmarks in META-INF/BenchmarkList").isNotEmpty();
            assertThat(threads).containsOnly(
                    entry("CreationBenchmark.coldCreate", 1),             // cold creation
                    entry("CreationBenchmark.coldCreate_2threads", 2),    // contended creation
                    entry("CreationBenchmark.coldCreate_4threads", 4),
                    entry("CreationBenchmark.warmLookup", 1),             // warm lookup
                    entry("CreationBenchmark.warmLookup_2threads", 2),
                    entry("CreationBenchmark.warmLookup_4threads", 4),
                    entry("CreationBenchmark.hotUser", 1),                // one hot user
                    entry("CreationBenchmark.hotUser_2threads", 2),
                    entry("CreationBenchmark.hotUser_4threads", 4),
                    entry("GoldenPathBenchmark.emitRun", 1));             // golden-path emit
        }
    }

    @Test
    void jmhIsTheMainClassAndProvidersAreMerged() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            Manifest mf = jar.getManifest();
            assertThat(mf.getMainAttributes().getValue("Main-Class")).isEqualTo("org.openjdk.jmh.Main");
            assertThat(read(jar, "META-INF/services/dev.crosstalk.manager.spi.ManagerProvider"))
                    .contains("dev.crosstalk.manager.ssot.SsotProvider",
                            "dev.crosstalk.manager.registry.RegistryProvider",
                            "dev.crosstalk.manager.factory.FactoryProvider");
        }
        assertThat(Files.size(jar())).isGreaterThan(100_000);
    }
}
