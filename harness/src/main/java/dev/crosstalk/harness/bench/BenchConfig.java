package dev.crosstalk.harness.bench;

import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.manager.spi.ManagerProvider;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of the JMH suite, as {@code crosstalk bench} (or {@code crosstalk run}) asks for it.
 *
 * @param profile       the JMH options and default selection
 * @param benchmarks    a JMH include regex replacing the profile's selection, or null
 * @param managers      the manager providers to measure (the {@code manager} parameter), resolved by the
 *                      command; {@link #DEFAULT_MANAGERS} names those measured when none is asked for
 * @param out           the folder {@code jmh.json}, {@code summary.json} and {@code jmh.log} go to
 * @param quiet         true to show no progress (the table is still printed)
 * @param plugins       provider jars added to the class path of JMH and of every fork it starts
 * @param benchmarksJar the JMH uber jar ({@code bench/target/benchmarks.jar})
 * @param java          the {@code java} executable for the child JVM
 * @param jvmOptions    options of the child JVM (JMH copies them into its forks)
 */
public record BenchConfig(BenchProfile profile, String benchmarks, List<ManagerProvider> managers, Path out, boolean quiet,
                          Plugins plugins, Path benchmarksJar, Path java, List<String> jvmOptions) {

    /** The managers measured when none is named. */
    public static final List<String> DEFAULT_MANAGERS = List.of("ssot", "registry", "factory");

    /** A fixed heap for the forks: no heap resizing in the middle of a measurement. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g");

    public BenchConfig {
        Objects.requireNonNull(profile, "profile");
        managers = List.copyOf(managers);
        if (managers.isEmpty()) {
            throw new IllegalArgumentException("no manager to measure");
        }
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(plugins, "plugins");
        Objects.requireNonNull(benchmarksJar, "benchmarksJar");
        Objects.requireNonNull(java, "java");
        jvmOptions = List.copyOf(jvmOptions);
        if (benchmarks != null && benchmarks.isBlank()) {
            benchmarks = null;
        }
    }

    /** A run with the current JVM's {@code java} and the default JVM options. */
    public static BenchConfig of(BenchProfile profile, String benchmarks, List<ManagerProvider> managers, Path out,
                                 boolean quiet, Plugins plugins, Path benchmarksJar) {
        return new BenchConfig(profile, benchmarks, managers, out, quiet, plugins, benchmarksJar, currentJava(),
                DEFAULT_JVM_OPTIONS);
    }

    /** The include regex JMH gets: {@link #benchmarks()} or the profile's default selection. */
    public String selection() {
        return Optional.ofNullable(benchmarks).orElse(profile.defaultSelection());
    }

    /** The names of the managers measured, in order: JMH's {@code -p manager=} list. */
    public List<String> effectiveManagers() {
        return managers.stream().map(ManagerProvider::name).toList();
    }

    /** The {@code java} of the JVM running this code. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
