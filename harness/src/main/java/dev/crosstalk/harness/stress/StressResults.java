package dev.crosstalk.harness.stress;

import java.util.List;

/** The values a stress run produces; written as {@code results.json} (see docs/formats.md). */
public final class StressResults {

    private StressResults() {
    }

    /** One outcome of one configuration, graded by JCStress. */
    public record Outcome(String id, String expectation, long count, String description) {
        public boolean isForbidden() {
            return "FORBIDDEN".equals(expectation);
        }
    }

    /** One JVM configuration of a test (its forks merged): the JVM arguments and the outcomes. */
    public record Configuration(List<String> jvmArgs, List<Outcome> outcomes) {
        public long samples() {
            return outcomes.stream().mapToLong(Outcome::count).sum();
        }
    }

    /**
     * One probe run against one manager.
     *
     * @param test           the JCStress test class
     * @param probe          the probe's short name, e.g. {@code factory-singleton}
     * @param notApplicable  the probe does not apply to this manager (it only ever saw NOT_APPLICABLE)
     */
    public record TestRecord(String test, String probe, String manager, String description, TestStatus status,
                             String message, boolean notApplicable, List<Configuration> configurations) {
        public long samples() {
            return configurations.stream().mapToLong(Configuration::samples).sum();
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
}
