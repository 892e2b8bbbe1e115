package dev.crosstalk.results.archive;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code stress/results.json}: per test × configuration × outcome, the expectation and count. */
public record StressResults(int schema, String instrument, String jcstressVersion, String mode, String started,
                            String ended, JsonNode platform, List<Test> tests) {

    public StressResults {
        tests = tests == null ? List.of() : tests;
    }

    public record Test(String test, String probe, String manager, String status, String message,
                       List<Configuration> configurations) {
        public Test {
            configurations = configurations == null ? List.of() : configurations;
        }

        /** The short name of the test class. */
        public String shortName() {
            int dot = test == null ? -1 : test.lastIndexOf('.');
            return dot < 0 ? String.valueOf(test) : test.substring(dot + 1);
        }
    }

    public record Configuration(List<String> jvmArgs, List<Outcome> outcomes) {
        public Configuration {
            outcomes = outcomes == null ? List.of() : outcomes;
        }
    }

    public record Outcome(String id, String expectation, long count, String description) {
        public boolean forbidden() {
            return "FORBIDDEN".equalsIgnoreCase(expectation);
        }
    }
}
