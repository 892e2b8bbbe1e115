package dev.crosstalk.harness;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds {@code examples/plugin-provider} into a jar outside the Maven reactor, as a user would:
 * javac against crosstalk's manager classes, plus the service file. Tests then hand the jar to
 * the CLI with {@code --plugin}, proving a provider reaches crosstalk without rebuilding it.
 */
public final class PluginJarFixture {

    private PluginJarFixture() {
    }

    /** The example's directory, found from the harness module's working directory. */
    public static Path exampleDir() {
        Path p = Path.of("..", "examples", "plugin-provider").toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("examples/plugin-provider not found from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Compiles the example provider into {@code dir/example-provider.jar} and returns it. */
    public static Path build(Path dir) throws IOException {
        Path src = exampleDir().resolve("src");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-cp",
                System.getProperty("java.class.path"), "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac failed on the example provider: exit " + rc);
        }
        Path services = exampleDir().resolve("META-INF");
        Path jar = dir.resolve("example-provider.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, classes, classes);
            add(out, services.getParent(), services);
        }
        return jar;
    }

    private static void add(JarOutputStream out, Path base, Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(base.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
    }
}
