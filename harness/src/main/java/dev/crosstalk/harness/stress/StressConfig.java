package dev.crosstalk.harness.stress;

import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.manager.spi.ManagerProvider;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One {@code crosstalk stress} run, as a value, so that {@code crosstalk run} can start one without
 * the command line.
 *
 * @param managers         the providers to stress, resolved by the command (with {@code all}: every one)
 * @param all              every provider (built in and from plugins) is stressed: judge the sensitivity matrix
 * @param mode             the JCStress preset
 * @param tests            a regular expression selecting probes by class name (JCStress {@code -t}); null for all
 * @param out              the output directory (created; files in it are replaced)
 * @param plugins          the extra provider jars {@code managers} came from; they reach the JCStress JVM and its
 *                         forks on the class path
 * @param splitCompilation JCStress {@code -sc}; null for the mode's default
 * @param widenMicros      how long a thread spins at a provider's interleaving point (0: off, the default: only
 *                         an unaided catch counts; a non-zero value is an explicit opt-in, named in the output)
 * @param jcstressArgs     further JCStress arguments, passed as they are (e.g. {@code -time 200})
 * @param jcstressJar      the JCStress uber jar; null for {@code <home>/stress/target/jcstress.jar}
 * @param progress         where progress lines go; null for none
 */
public record StressConfig(List<ManagerProvider> managers, boolean all, StressMode mode, String tests, Path out,
                           Plugins plugins, Boolean splitCompilation, long widenMicros, List<String> jcstressArgs,
                           Path jcstressJar, PrintStream progress) {

    /** Unaided: no help inside a provider's race window unless asked for. */
    public static final long DEFAULT_WIDEN_MICROS = 0;

    public StressConfig {
        managers = List.copyOf(managers);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(out, "out");
        plugins = plugins == null ? Plugins.none() : plugins;
        jcstressArgs = jcstressArgs == null ? List.of() : List.copyOf(jcstressArgs);
        if (managers.isEmpty()) {
            throw new IllegalArgumentException("no manager to stress");
        }
        if (widenMicros < 0) {
            throw new IllegalArgumentException("widenMicros must not be negative, got " + widenMicros);
        }
    }

    /** The effective {@code -sc} setting. */
    public boolean effectiveSplitCompilation() {
        return splitCompilation != null ? splitCompilation : mode.splitCompilationByDefault();
    }

    /** The effective test selector. */
    public String effectiveTests() {
        return tests == null || tests.isBlank() ? ".*" : tests;
    }
}
