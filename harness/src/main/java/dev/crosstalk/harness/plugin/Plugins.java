package dev.crosstalk.harness.plugin;

import dev.crosstalk.harness.UsageException;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ManagerProviders;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * The provider jars a run adds to crosstalk's own: from {@code --plugin JAR} (repeatable) and
 * the {@code CROSSTALK_PLUGINS} environment variable (a path list, like a classpath).
 *
 * <p>The same jars must reach every instrument: in-process through {@link #classLoader()}, and in
 * the JVMs JCStress and JMH fork through {@link #classpath()}.
 *
 * <p>One class loader per process: a command resolves its {@code Plugins} once and passes it down,
 * and the loader and the providers it finds are built on first use and then kept, so a provider is
 * never loaded twice by two loaders. The jar list is immutable; the two memos are guarded by this
 * object's lock, so any thread may ask.
 *
 * <p>Also the one place a manager is looked up by name ({@link #select(List)}, {@link #provider(String)}):
 * an unknown name is bad input whose message names it and the available ones.
 */
public final class Plugins {

    /** The environment variable holding extra provider jars, separated by the platform's path separator. */
    public static final String ENV = "CROSSTALK_PLUGINS";

    private final List<Path> jars;
    private ClassLoader classLoader;
    private ManagerProviders providers;

    private Plugins(List<Path> jars) {
        this.jars = List.copyOf(jars);
    }

    /** No plugins. */
    public static Plugins none() {
        return new Plugins(List.of());
    }

    /**
     * The plugins named by {@code flagJars} and {@code envValue} (may be null), in that order,
     * without duplicates.
     *
     * @throws UsageException naming the path and where it came from, if a jar is missing or unreadable
     */
    public static Plugins resolve(List<Path> flagJars, String envValue) {
        Set<Path> all = new LinkedHashSet<>();
        for (Path p : flagJars) {
            all.add(check(p, "--plugin"));
        }
        if (envValue != null && !envValue.isBlank()) {
            for (String part : envValue.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    all.add(check(Path.of(part.strip()), ENV));
                }
            }
        }
        return new Plugins(new ArrayList<>(all));
    }

    private static Path check(Path jar, String source) {
        Path abs = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new UsageException("plugin jar " + abs + " (from " + source + ") does not exist or is not a file");
        }
        try (ZipFile ignored = new ZipFile(abs.toFile())) {
            return abs;
        } catch (IOException e) {
            throw new UsageException("plugin jar " + abs + " (from " + source + ") is not a readable jar: "
                    + e.getMessage());
        }
    }

    public List<Path> jars() {
        return jars;
    }

    /** The jars as a class path string for a child JVM ({@code -cp}); empty when there are none. */
    public String classpath() {
        return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
    }

    /**
     * The class loader that sees crosstalk's classes and the plugin jars, built once. With no
     * plugins, the harness's own loader.
     */
    public synchronized ClassLoader classLoader() {
        if (classLoader == null) {
            classLoader = newClassLoader();
        }
        return classLoader;
    }

    private ClassLoader newClassLoader() {
        ClassLoader parent = Plugins.class.getClassLoader();
        if (jars.isEmpty()) {
            return parent;
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UsageException("plugin jar " + jars.get(i) + " has no valid URL: " + e.getMessage());
            }
        }
        // Lives as long as the CLI process: the providers it loads are used until exit.
        return new URLClassLoader("crosstalk-plugins", urls, parent);
    }

    /**
     * Every provider: built-in and from the plugins, discovered once.
     *
     * @throws UsageException if a provider cannot be loaded or two share a name
     */
    public synchronized ManagerProviders providers() {
        if (providers == null) {
            try {
                providers = ManagerProviders.discover(classLoader());
            } catch (IllegalStateException e) {
                throw new UsageException(e.getMessage() + (jars.isEmpty() ? "" : " (plugins: " + jars + ")"), e);
            }
        }
        return providers;
    }

    /** Every provider, correct paths first (what {@code --all} selects). */
    public List<ManagerProvider> all() {
        return providers().all();
    }

    /**
     * The provider named {@code name}.
     *
     * @throws UsageException naming {@code name} and the available providers, if there is none
     */
    public ManagerProvider provider(String name) {
        return select(List.of(name)).get(0);
    }

    /**
     * The providers named {@code names}, in that order, without duplicates.
     *
     * @throws UsageException naming every unknown name and the available providers
     */
    public List<ManagerProvider> select(List<String> names) {
        ManagerProviders all = providers();
        List<String> wanted = names.stream().distinct().toList();
        List<String> unknown = wanted.stream().filter(n -> !all.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new UsageException("no manager provider" + (unknown.size() == 1 ? "" : "s") + " named "
                    + String.join(", ", unknown.stream().map(n -> '"' + n + '"').toList())
                    + "; available: " + String.join(", ", all.names())
                    + " (run 'crosstalk managers'; a plugin's managers need --plugin JAR)");
        }
        return wanted.stream().map(all::byName).toList();
    }
}
