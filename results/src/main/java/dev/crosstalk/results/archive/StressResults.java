package dev.crosstalk.results.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code stress/results.json} (docs/formats.md): the run's options, one summary per manager, and per
 * test × configuration × outcome the expectation and count. {@code crosstalk stress} builds it from
 * JCStress's results and {@link #write}s it; {@link Archive} reads it back. Immutable.
 *
 * @param options  what the run was asked for (absent in archives written before it was recorded)
 * @param managers one entry per manager stressed, in run order
 */
public record StressResults(int schema, String instrument, String jcstressVersion, String mode, String started,
                            String ended, Platform platform, Options options, List<ManagerSummary> managers,
                            List<Test> tests) {

    public static final int SCHEMA = 1;
    public static final String INSTRUMENT = "stress";
    public static final String JCSTRESS_VERSION = "0.16";
    public static final String FILE = "results.json";

    public StressResults {
        managers = managers == null ? List.of() : List.copyOf(managers);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** The hardware and JVM the probes ran on. */
    public record Platform(String arch, int cpus, String jvm) {

        /** This machine and JVM. */
        public static Platform current() {
            return new Platform(System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                            + System.getProperty("java.version"));
        }
    }

    /**
     * The run's options as given: the probe selector, JCStress {@code -sc}, the widening, extra arguments, plugins,
     * and the probes that ran with a larger sample budget.
     *
     * @param probeBudgets probe → the JCStress arguments its own invocation added to {@code jcstressArgs} (e.g.
     *                     {@code publication → [-time, 1000]}: a one-store race window needs more samples); the
     *                     probes not named ran with the run's own budget; null in a file written before it was recorded
     */
    public record Options(String tests, boolean splitCompilation, long widenMicros, List<String> jcstressArgs,
                          List<String> plugins, Map<String, List<String>> probeBudgets) {

        /** Options without larger probe budgets recorded (as files before they were). */
        public Options(String tests, boolean splitCompilation, long widenMicros, List<String> jcstressArgs,
                       List<String> plugins) {
            this(tests, splitCompilation, widenMicros, jcstressArgs, plugins, null);
        }
    }

    /**
     * One manager's JCStress invocation.
     *
     * @param status       {@code passed}, {@code failed} or {@code error} (errors win)
     * @param jcstressExit JCStress's exit code, or -1 if it did not start
     * @param report       JCStress's HTML report folder, or null
     */
    public record ManagerSummary(String manager, String kind, String failureClass, String status, int exitCode,
                                 double elapsedSeconds, int jcstressExit, List<String> problems, String report) {
    }

    /**
     * One probe run against one manager.
     *
     * @param test          the JCStress test class
     * @param probe         the probe's short name, e.g. {@code factory-singleton}
     * @param notApplicable the probe does not apply to this manager (it only ever saw NOT_APPLICABLE)
     */
    @JsonPropertyOrder({"test", "probe", "manager", "status", "message", "not_applicable", "description", "samples",
            "configurations"})
    public record Test(String test, String probe, String manager, String description, TestStatus status,
                       String message, boolean notApplicable, List<Configuration> configurations) {
        public Test {
            configurations = configurations == null ? List.of() : List.copyOf(configurations);
        }

        /** Every sample of every configuration (written to the file, computed on reading). */
        @JsonProperty("samples")
        public long samples() {
            return configurations.stream().mapToLong(Configuration::samples).sum();
        }

        /** The short name of the test class. */
        public String shortName() {
            int dot = test == null ? -1 : test.lastIndexOf('.');
            return dot < 0 ? String.valueOf(test) : test.substring(dot + 1);
        }
    }

    /** One JVM configuration of a test (its forks merged): the JVM arguments and the outcomes. */
    public record Configuration(List<String> jvmArgs, List<Outcome> outcomes) {
        public Configuration {
            outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        }

        public long samples() {
            return outcomes.stream().mapToLong(Outcome::count).sum();
        }
    }

    /** One outcome of one configuration, graded by JCStress. */
    public record Outcome(String id, String expectation, long count, String description) {
        public boolean forbidden() {
            return "FORBIDDEN".equalsIgnoreCase(expectation);
        }
    }

    /** A probe's short name from its class: {@code dev.x.RegisterVsEmitProbe} → {@code register-vs-emit}. */
    public static String probeName(String testClass) {
        String simple = testClass.substring(testClass.lastIndexOf('.') + 1);
        if (simple.endsWith("Probe") && simple.length() > "Probe".length()) {
            simple = simple.substring(0, simple.length() - "Probe".length());
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    b.append('-');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The file's text, as {@link #write} writes it. */
    public String toJson() {
        return Json.partText(this);
    }

    /** Writes the file atomically; returns {@code file}. */
    public Path write(Path file) throws IOException {
        return Json.writePart(file, this);
    }
}
