package dev.crosstalk.harness.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A child JVM: its output is logged and passed on, and stop() ends it and what it started. */
class ChildJvmTest {

    @TempDir
    Path dir;

    /** The child: prints its argument and, when asked, waits (bounded) to be stopped. */
    public static void main(String[] args) throws Exception {
        System.out.println("hello " + args[0] + " " + System.getenv("CHILD_JVM_TEST"));
        System.out.flush();
        if (args.length > 1) {
            Thread.sleep(60_000); // bounded so a child whose test died does not linger
        }
    }

    private static List<String> self(String... args) {
        List<String> a = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), ChildJvmTest.class.getName()));
        a.addAll(List.of(args));
        return ChildJvm.command(a);
    }

    @Test
    void pumpsTheOutputIntoTheLogAndReturnsTheExitCode() throws Exception {
        List<String> seen = new ArrayList<>();
        Path log = dir.resolve("child.log");
        try (ChildJvm child = ChildJvm.start(self("x"), dir, Map.of("CHILD_JVM_TEST", "set"), "test-child")) {
            assertThat(child.pump(log, "# header", seen::add)).isZero();
        }
        assertThat(seen).containsExactly("hello x set");
        assertThat(log).hasContent("# header\nhello x set");
    }

    @Test
    void stopEndsAChildThatWouldRunOn() throws Exception {
        try (ChildJvm child = ChildJvm.start(self("y", "wait"), null, Map.of(), "test-child")) {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(child.output()));
            assertThat(in.readLine()).startsWith("hello y");
            child.stop();
            assertThat(child.waitFor(Duration.ofSeconds(10))).isTrue();
            assertThat(child.process().isAlive()).isFalse();
        }
    }
}
