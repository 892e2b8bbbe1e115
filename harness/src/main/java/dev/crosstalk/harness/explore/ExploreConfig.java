package dev.crosstalk.harness.explore;

import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.manager.spi.ManagerProvider;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One {@code crosstalk explore} run, as a value, so that {@code crosstalk run} can start one without the command
 * line.
 *
 * @param managers  the providers to explore, resolved by the command (with {@code all}: every one)
 * @param all       every provider (built in and from plugins) is explored: judge the explore matrix
 * @param scenarios a regular expression selecting scenarios by name; null for all
 * @param budget    interleavings per scenario; null for the engine's default (or {@code time})
 * @param time      time per scenario; null for the engine's default (or {@code budget}); never both
 * @param seed      the seed the exploration starts from; null for the engine's default
 * @param out       the output directory (created; files in it are replaced)
 * @param plugins   the extra provider jars {@code managers} came from; they go on the engine's class path
 * @param engine    how the engine JVM is started; null for {@link Engine#installed()}
 * @param progress  where progress lines go; null for none
 * @param jobs      engine JVMs run side by side, each over a share of the managers (1: one engine, as before)
 */
public record ExploreConfig(List<ManagerProvider> managers, boolean all, String scenarios, Integer budget,
                            Duration time, Long seed, Path out, Plugins plugins, Engine engine, PrintStream progress,
                            int jobs) {

    /**
     * One engine JVM by default. An engine keeps more than one core busy (Lincheck's instrumented code, the JIT, the
     * GC): measured on 2 cores, two engines side by side took 2.3–3 times as long per cell as one alone (factory ×
     * two-tabs-while-emitting: 120 interleavings in 37.9 s alone; 97 in the 90 s cap beside another engine), so they
     * explored less in more time. {@code --jobs N} is for machines with cores to spare.
     */
    public static final int DEFAULT_JOBS = 1;

    /** One engine JVM. */
    public ExploreConfig(List<ManagerProvider> managers, boolean all, String scenarios, Integer budget,
                         Duration time, Long seed, Path out, Plugins plugins, Engine engine, PrintStream progress) {
        this(managers, all, scenarios, budget, time, seed, out, plugins, engine, progress, 1);
    }

    /** The same run with {@code n} engine JVMs. */
    public ExploreConfig withJobs(int n) {
        return new ExploreConfig(managers, all, scenarios, budget, time, seed, out, plugins, engine, progress, n);
    }

    public ExploreConfig {
        managers = List.copyOf(managers);
        Objects.requireNonNull(out, "out");
        plugins = plugins == null ? Plugins.none() : plugins;
        if (managers.isEmpty()) {
            throw new IllegalArgumentException("no manager to explore");
        }
        if (budget != null && time != null) {
            throw new IllegalArgumentException("a budget or a time per scenario, not both");
        }
        if (budget != null && budget < 1) {
            throw new IllegalArgumentException("the budget must be at least 1 interleaving, got " + budget);
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1, got " + jobs);
        }
        if (time != null && time.toMillis() < 1000) {
            throw new IllegalArgumentException("the time per scenario must be at least 1 s, got " + time);
        }
    }

    /**
     * The engine's JVM: its class path (the engine jar; plugin jars are added by the runner), main class and JVM
     * flags. Tests run a stand-in main from their own class path through it.
     */
    public record Engine(String classpath, String mainClass, List<String> jvmFlags) {
        public Engine {
            Objects.requireNonNull(classpath, "classpath");
            Objects.requireNonNull(mainClass, "mainClass");
            jvmFlags = List.copyOf(jvmFlags);
        }

        /** The engine jar {@code jar} with the real main class and {@link ExploreRunner#JVM_FLAGS}. */
        public static Engine of(Path jar) {
            return new Engine(jar.toString(), ExploreRunner.MAIN, ExploreRunner.JVM_FLAGS);
        }

        /** The engine of this checkout: {@code <home>/explore/target/explore.jar}. */
        public static Engine installed() {
            return of(ExploreRunner.installedJar());
        }
    }
}
