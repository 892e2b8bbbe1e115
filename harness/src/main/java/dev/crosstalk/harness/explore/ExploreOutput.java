package dev.crosstalk.harness.explore;

import dev.crosstalk.results.archive.ExploreResults;
import dev.crosstalk.results.io.AtomicFiles;
import dev.crosstalk.results.io.JUnitXml;
import dev.crosstalk.results.io.JUnitXml.Case;
import dev.crosstalk.results.io.JUnitXml.Suite;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an explore run shows besides the matrix: {@code junit.xml} (through {@link JUnitXml}) and, for each
 * violation, its trace and the command that replays it. The formats live in results; this class only maps the
 * engine's rows onto them.
 */
public final class ExploreOutput {

    static final String CLASSNAME = "crosstalk.explore";

    private ExploreOutput() {
    }

    /**
     * Writes JUnit XML as CI servers read it: one {@code <testsuite>} per manager, one {@code <testcase>} per
     * scenario. A violation is a {@code <failure>} whose text is the trace and the replay token; an error is an
     * {@code <error>} (never a pass, so CI turns red); a run-level problem is an {@code <error>} of a testcase
     * named "engine".
     */
    public static void writeJunit(Path file, ExploreResults results, List<String> problems) throws IOException {
        Map<String, List<ExploreResults.Row>> byManager = new LinkedHashMap<>();
        results.results().forEach(r -> byManager.computeIfAbsent(r.manager(), m -> new ArrayList<>()).add(r));
        List<Suite> suites = new ArrayList<>();
        if (!problems.isEmpty()) {
            suites.add(Suite.of(CLASSNAME, List.of(new Case(CLASSNAME, "engine", JUnitXml.Kind.ERROR, "RUN",
                    String.join("; ", problems), null, null))));
        }
        byManager.forEach((manager, rows) -> {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("manager", manager);
            properties.put("kind", rows.get(0).kind());
            if (rows.get(0).failureClass() != null) {
                properties.put("failure_class", rows.get(0).failureClass());
            }
            List<Case> cases = new ArrayList<>();
            double seconds = 0;
            for (ExploreResults.Row r : rows) {
                String classname = CLASSNAME + "." + manager;
                String name = r.scenario() + "[" + manager + "]";
                String counted = r.interleavings() + " interleavings";
                cases.add(switch (r.outcome() == null ? "" : r.outcome()) {
                    case ExploreResults.VIOLATION -> new Case(classname, name, JUnitXml.Kind.FAILURE, "VIOLATION",
                            r.failure(), trace(r), null);
                    case ExploreResults.CLEAN -> Case.passed(classname, name).withSystemOut("clean in " + counted);
                    case ExploreResults.NOT_APPLICABLE -> Case.passed(classname, name).withSystemOut("not applicable");
                    default -> new Case(classname, name, JUnitXml.Kind.ERROR, "ERROR", r.failure(), null, null);
                });
                seconds += r.seconds();
            }
            suites.add(new Suite(CLASSNAME + "." + manager, properties, null, cases, seconds, results.started()));
        });
        AtomicFiles.writeString(file, JUnitXml.suites("crosstalk explore", suites));
    }

    /** A violation's trace, one step per line, then the replay command. */
    static String trace(ExploreResults.Row r) {
        StringBuilder b = new StringBuilder();
        r.trace().forEach(step -> b.append(step).append('\n'));
        if (r.replay() != null) {
            b.append("replay: crosstalk explore --replay ").append(r.replay()).append('\n');
        }
        return b.toString();
    }

    /** Prints each violation: manager × scenario, what broke, the trace indented, the replay command. */
    public static void printViolations(List<ExploreResults.Row> violations, PrintStream out) {
        for (ExploreResults.Row r : violations) {
            out.printf("%nVIOLATION %s × %s (%s, after %d interleavings): %s%n", r.manager(), r.scenario(), r.kind(),
                    r.interleavings(), r.failure() == null ? "the contract was broken" : r.failure());
            trace(r).lines().forEach(l -> out.println("  " + l));
        }
    }
}
