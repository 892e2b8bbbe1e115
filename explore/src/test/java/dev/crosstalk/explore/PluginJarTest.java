package dev.crosstalk.explore;

import dev.crosstalk.results.archive.ExploreResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A defect the explorer has never seen: a plugin jar, built here from source, whose per-user registry is a plain
 * get-then-put on a HashMap, with no hook call anywhere. It reaches the explorer as the harness passes plugins: on
 * the class path of the explore JVM, found by ServiceLoader; the contract alone catches it.
 *
 * <p>A child JVM rather than a URLClassLoader in this one: Lincheck resolves the classes it instruments through
 * the application class loader, so a provider visible only to a child loader is not explorable (Lincheck reports
 * an internal error); the CLI's contract is plugin jars on {@code -cp}, which this test follows exactly.
 */
class PluginJarTest {

    private static final String PROVIDER = """
            package org.example.racy;

            import dev.crosstalk.manager.Connection;
            import dev.crosstalk.manager.UserExecutionContext;
            import dev.crosstalk.manager.UserWebSocketManager;
            import dev.crosstalk.manager.spi.*;
            import dev.crosstalk.manager.ssot.WebSocketManager;
            import java.util.HashMap;
            import java.util.Map;
            import java.util.Optional;

            /** A registry whose get-or-create is get, then put, with no lock and no hook. */
            public final class RacyRegistryProvider implements ManagerProvider {
                public String name() { return "plugin.racy-registry"; }
                public ProviderKind kind() { return ProviderKind.CORRECT; }
                public String description() { return "a plugin registry written as get, then put"; }
                public Optional<FailureClass> failureClass() { return Optional.empty(); }

                public ManagerBackend start(BackendOptions options) {
                    return new ManagerBackend() {
                        private final Map<String, UserWebSocketManager> managers = new HashMap<>();
                        public Sharing sharing() { return Sharing.PER_USER; }
                        public Optional<Object> entryPoint() { return Optional.of(managers); }
                        public UserWebSocketManager obtain(UserExecutionContext context) {
                            UserWebSocketManager m = managers.get(context.userId());
                            if (m == null) {
                                m = new WebSocketManager(context, options);
                                managers.put(context.userId(), m);
                            }
                            return m;
                        }
                        public ManagedSession open(UserExecutionContext context, Connection connection, Runnable onReady) {
                            UserWebSocketManager m = obtain(context);
                            m.addConnection(connection);
                            onReady.run();
                            return new SimpleManagedSession(context, connection, m, this::obtain);
                        }
                        public int evictIdle() { return 0; }
                        public int managerCount() { return managers.size(); }
                        public void close() { managers.clear(); }
                    };
                }
            }
            """;

    @Test
    void aCheckThenActRaceInAPluginWithoutHookIsCaught(@TempDir Path dir) throws Exception {
        Path jar = buildPlugin(dir);
        Path results = dir.resolve("explore.json");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Main.JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path") + File.pathSeparator + jar,
                Main.class.getName(), "--managers", "plugin.racy-registry", "--scenarios", "^two-tabs",
                "--seed", "1", "--budget", "200", "--time", "600", "--out", results.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the explore JVM finished").isTrue();
        String log = Files.readString(dir.resolve("child.log"));

        assertThat(child.exitValue()).as(log).isZero();
        ExploreResults.Row row = ExploreResults.read(results).results().get(0);
        assertThat(row.manager()).isEqualTo("plugin.racy-registry");
        assertThat(row.outcome()).as(log).isEqualTo(ExploreResults.VIOLATION);
        assertThat(row.failure()).contains("lost");
        assertThat(row.replay()).startsWith("plugin.racy-registry/two-tabs-while-emitting/1/");
        assertThat(log).contains("explore plugin.racy-registry two-tabs-while-emitting: violation (");
    }

    private static Path buildPlugin(Path dir) throws IOException {
        Path src = dir.resolve("src/org/example/racy/RacyRegistryProvider.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, PROVIDER);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.toString());
        assertThat(rc).as("javac of the plugin").isZero();
        Path services = classes.resolve("META-INF/services/dev.crosstalk.manager.spi.ManagerProvider");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "org.example.racy.RacyRegistryProvider\n", StandardCharsets.UTF_8);
        Path jar = dir.resolve("racy-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
