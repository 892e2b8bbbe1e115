package dev.crosstalk.harness.stress;

import dev.crosstalk.harness.stress.RawExport.RawResult;
import dev.crosstalk.results.archive.StressResults;
import dev.crosstalk.results.archive.StressResults.Configuration;
import dev.crosstalk.results.archive.StressResults.Outcome;
import dev.crosstalk.results.archive.StressResults.Test;
import dev.crosstalk.results.archive.TestStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns JCStress's per-fork results into one verdict per probe. The rules, strictest first:
 * <ol>
 *   <li>a test JCStress never ran is {@link TestStatus#SKIPPED} (an error, never a pass);</li>
 *   <li>a fork that did not end NORMAL (crashed VM, timeout, the test threw) makes it {@link TestStatus#ERROR};</li>
 *   <li>a FORBIDDEN outcome with a count above 0 makes it {@link TestStatus#FAILED};</li>
 *   <li>a test with no samples at all is an {@link TestStatus#ERROR};</li>
 *   <li>otherwise it {@link TestStatus#PASSED}.</li>
 * </ol>
 * Forks of one JVM configuration are merged (counts summed), as JCStress's own report does.
 */
public final class Grader {

    /** The outcome id by which a probe says it does not apply to a manager. */
    public static final String NOT_APPLICABLE = "NOT_APPLICABLE";

    private Grader() {
    }

    /**
     * @param expectedTests the tests the run selected, in report order
     * @param results       what JCStress recorded (may hold tests not expected; they are kept)
     * @param runProblems   problems of the whole run (e.g. "No scheduling is possible"), quoted in skipped tests
     */
    public static List<Test> grade(String manager, List<String> expectedTests, List<RawResult> results,
                                         List<String> runProblems) {
        Map<String, List<RawResult>> byTest = new LinkedHashMap<>();
        expectedTests.forEach(t -> byTest.put(t, new ArrayList<>()));
        for (RawResult r : results) {
            if (r.test() != null) {
                byTest.computeIfAbsent(r.test(), t -> new ArrayList<>()).add(r);
            }
        }
        List<Test> out = new ArrayList<>();
        byTest.forEach((test, rs) -> out.add(gradeOne(manager, test, rs, runProblems)));
        return out;
    }

    static Test gradeOne(String manager, String test, List<RawResult> rs, List<String> runProblems) {
        String probe = StressResults.probeName(test);
        String description = rs.stream().map(RawResult::description).filter(d -> d != null && !d.isBlank())
                .findFirst().orElse("");
        if (rs.isEmpty()) {
            String why = runProblems.isEmpty() ? "" : " (" + String.join("; ", runProblems) + ")";
            return new Test(test, probe, manager, description, TestStatus.SKIPPED,
                    "JCStress did not run this test" + why, false, List.of());
        }
        List<Configuration> configs = merge(rs);
        List<String> errors = new ArrayList<>();
        for (RawResult r : rs) {
            if (!"NORMAL".equals(r.status())) {
                String detail = firstLines(r);
                errors.add(r.status() + " in fork " + (r.forkId() + 1) + " " + r.jvmArgs()
                        + (detail.isEmpty() ? "" : ": " + detail));
            }
        }
        if (!errors.isEmpty()) {
            return new Test(test, probe, manager, description, TestStatus.ERROR,
                    errors.size() + " of " + rs.size() + " forks did not complete: " + errors.get(0), false, configs);
        }
        Map<String, Long> forbidden = new TreeMap<>();
        for (Configuration c : configs) {
            for (Outcome o : c.outcomes()) {
                if (o.forbidden() && o.count() > 0) {
                    forbidden.merge(o.id(), o.count(), Long::sum);
                }
            }
        }
        if (!forbidden.isEmpty()) {
            String msg = forbidden.entrySet().stream()
                    .map(e -> "FORBIDDEN outcome '" + e.getKey() + "' seen " + e.getValue() + " times")
                    .collect(Collectors.joining("; "));
            return new Test(test, probe, manager, description, TestStatus.FAILED, msg, false, configs);
        }
        long samples = configs.stream().mapToLong(Configuration::samples).sum();
        if (samples == 0) {
            return new Test(test, probe, manager, description, TestStatus.ERROR,
                    "JCStress recorded no samples", false, configs);
        }
        Set<String> seen = new LinkedHashSet<>();
        configs.forEach(c -> c.outcomes().stream().filter(o -> o.count() > 0).forEach(o -> seen.add(o.id())));
        boolean notApplicable = seen.equals(Set.of(NOT_APPLICABLE));
        String message = notApplicable
                ? "not applicable to this manager: " + configs.get(0).outcomes().stream()
                .filter(o -> o.id().equals(NOT_APPLICABLE)).map(Outcome::description).findFirst().orElse("")
                : "passed: " + samples + " samples in " + configs.size() + " configurations";
        return new Test(test, probe, manager, description, TestStatus.PASSED, message, notApplicable, configs);
    }

    private static List<Configuration> merge(List<RawResult> rs) {
        Map<List<String>, Map<String, Outcome>> byArgs = new LinkedHashMap<>();
        for (RawResult r : rs) {
            Map<String, Outcome> outcomes = byArgs.computeIfAbsent(r.jvmArgs(), a -> new LinkedHashMap<>());
            for (Outcome o : r.outcomes()) {
                outcomes.merge(o.id(), o, (a, b) -> new Outcome(a.id(), a.expectation(), a.count() + b.count(),
                        a.description()));
            }
        }
        List<Configuration> out = new ArrayList<>();
        byArgs.forEach((args, outcomes) -> out.add(new Configuration(List.copyOf(args), List.copyOf(outcomes.values()))));
        return out;
    }

    private static String firstLines(RawResult r) {
        List<String> lines = new ArrayList<>(r.messages());
        lines.addAll(r.vmErr());
        return lines.stream().map(String::strip).filter(s -> !s.isEmpty()).limit(3).collect(Collectors.joining(" | "));
    }
}
