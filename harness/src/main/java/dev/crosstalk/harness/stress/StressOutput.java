package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.StressResults;
import dev.crosstalk.results.archive.StressResults.Configuration;
import dev.crosstalk.results.archive.StressResults.ManagerSummary;
import dev.crosstalk.results.archive.StressResults.Options;
import dev.crosstalk.results.archive.StressResults.Outcome;
import dev.crosstalk.results.archive.StressResults.Platform;
import dev.crosstalk.results.archive.StressResults.Test;
import dev.crosstalk.results.io.AtomicFiles;
import dev.crosstalk.results.io.JUnitXml;
import dev.crosstalk.results.io.JUnitXml.Case;
import dev.crosstalk.results.io.JUnitXml.Suite;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds what a stress run writes from its graded runs: {@code results.json} (results'
 * {@link StressResults}) and {@code junit.xml} (through {@link JUnitXml}). The formats live in
 * results; this class only maps a run onto them.
 */
public final class StressOutput {

    private StressOutput() {
    }

    /**
     * The {@code results.json} of a run of {@code config} over {@code runs}, whose probes in {@code budgets} ran
     * with those extra JCStress arguments.
     */
    public static StressResults results(StressConfig config, Instant started, Instant ended, List<ManagerRun> runs,
                                        Map<String, List<String>> budgets) {
        Options options = new Options(config.effectiveTests(), config.effectiveSplitCompilation(), config.widenMicros(),
                config.jcstressArgs(), config.plugins().jars().stream().map(Path::toString).toList(), budgets);
        List<ManagerSummary> managers = new ArrayList<>();
        List<Test> tests = new ArrayList<>();
        for (ManagerRun r : runs) {
            managers.add(new ManagerSummary(r.manager(), r.kind(), r.failureClass(),
                    r.hasErrors() ? "error" : r.hasFailures() ? "failed" : "passed", r.exitCode(),
                    r.elapsed().toMillis() / 1000.0, r.jcstressExit(), r.problems(),
                    r.reportDir() == null ? null : r.reportDir().toString()));
            tests.addAll(r.tests());
        }
        return new StressResults(StressResults.SCHEMA, StressResults.INSTRUMENT, StressResults.JCSTRESS_VERSION,
                config.mode().label(), started.toString(), ended.toString(), Platform.current(), options, managers, tests);
    }

    /**
     * Writes JUnit XML as CI servers read it: one {@code <testsuite>} per manager, one {@code <testcase>}
     * per probe × manager. A forbidden outcome is a {@code <failure>} naming the outcome and its count;
     * a crashed fork, a test error and a test JCStress skipped are {@code <error>}s (never a pass or
     * a skip, so CI turns red); a run-level problem is an {@code <error>} of a testcase named "jcstress".
     */
    public static void writeJunit(Path file, List<ManagerRun> runs, Instant started) throws IOException {
        List<Suite> suites = new ArrayList<>();
        for (ManagerRun r : runs) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("manager", r.manager());
            properties.put("kind", r.kind());
            if (r.failureClass() != null) {
                properties.put("failure_class", r.failureClass());
            }
            List<Case> cases = new ArrayList<>();
            if (!r.problems().isEmpty()) {
                cases.add(new Case("crosstalk.stress." + r.manager(), "jcstress", JUnitXml.Kind.ERROR, "RUN",
                        String.join("; ", r.problems()), null, null));
            }
            for (Test t : r.tests()) {
                String name = t.probe() + "[" + t.manager() + "]";
                cases.add(switch (t.status()) {
                    case FAILED -> new Case(t.test(), name, JUnitXml.Kind.FAILURE, "FORBIDDEN", t.message(), details(t), null);
                    case ERROR -> new Case(t.test(), name, JUnitXml.Kind.ERROR, "ERROR", t.message(), details(t), null);
                    case SKIPPED -> new Case(t.test(), name, JUnitXml.Kind.ERROR, "SKIPPED", t.message(), null, null);
                    case PASSED -> Case.passed(t.test(), name).withSystemOut(t.message());
                });
            }
            suites.add(new Suite("crosstalk.stress." + r.manager(), properties, null, cases,
                    r.elapsed().toMillis() / 1000.0, started.toString()));
        }
        AtomicFiles.writeString(file, JUnitXml.suites("crosstalk stress", suites));
    }

    private static String details(Test t) {
        StringBuilder b = new StringBuilder(t.description()).append('\n');
        for (Configuration c : t.configurations()) {
            b.append(c.jvmArgs()).append('\n');
            for (Outcome o : c.outcomes()) {
                if (o.count() > 0 || o.forbidden()) {
                    b.append(String.format("  %-30s %10d  %-22s %s%n", o.id(), o.count(), o.expectation(), o.description()));
                }
            }
        }
        return b.toString();
    }
}
