package dev.crosstalk.harness.stress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** JCStress 0.16 console lines (copied from real runs) → problems and one progress line per test. */
class ConsoleWatcherTest {

    @Test
    void noSchedulingAndNoMatchingTestsAreProblems() {
        ConsoleWatcher w = new ConsoleWatcher("ssot", 1, null);
        w.accept("    3 actors:");
        w.accept("      No scheduling is possible, these tests would not run.");
        w.accept("FATAL: No matching tests.");
        assertThat(w.problems()).hasSize(2);
        assertThat(w.problems().get(0)).contains("No scheduling is possible");
        assertThat(w.problems().get(1)).contains("No matching tests");
    }

    @Test
    void printsOneLinePerTestOnceAllItsConfigurationsReported() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ConsoleWatcher w = new ConsoleWatcher("ssot", 2, new PrintStream(buf, true, StandardCharsets.UTF_8));
        w.accept(".......... [OK] dev.crosstalk.stress.RegisterVsEmitProbe"); // before the plan is known
        w.accept("(Results: 4 planned; 1 passed, 0 failed, 0 soft errs, 0 hard errs)");
        w.accept("----- [OK] Trying to set global affinity with taskset");
        w.accept(".... [FAILED] dev.crosstalk.stress.PublicationProbe");
        w.accept(".... [OK] dev.crosstalk.stress.RegisterVsEmitProbe");
        w.accept(".... [VM ERROR] dev.crosstalk.stress.PublicationProbe");
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(2);
        assertThat(out).contains("register-vs-emit").contains("OK").contains("publication").contains("VM ERROR");
        assertThat(w.resultsSeen()).isEqualTo(4);
        assertThat(w.problems()).isEmpty();
    }

    @Test
    void jcstressFailureExitIsNotACrashButOtherExceptionsAre() {
        ConsoleWatcher w = new ConsoleWatcher("ssot", 1, null);
        w.accept("Exception in thread \"main\" java.lang.AssertionError: TEST FAILURES: 3 tests");
        assertThat(w.problems()).isEmpty();
        w.accept("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
        assertThat(w.problems()).singleElement().asString().contains("crashed").contains("OutOfMemoryError");
    }

    /** A real console: {@code crosstalk stress --manager ssot --tests DifferentUsers --jcstress-arg=-c --jcstress-arg=1}
     * (one CPU for a two-actor test), after which JCStress exited 0. */
    @Test
    void aRecordedNoSchedulingRunIsAProblemThoughJcstressExitedZero() throws Exception {
        ConsoleWatcher w = new ConsoleWatcher("ssot", 1, null);
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of(
                getClass().getResource("/stress/console-no-scheduling.log").toURI()))) {
            lines.forEach(w);
        }
        assertThat(w.problems()).anyMatch(p -> p.contains("No scheduling is possible"))
                .anyMatch(p -> p.contains("No matching tests"));
        assertThat(w.resultsSeen()).isZero();
    }
}
