package dev.crosstalk.harness.process;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A child JVM, and what it started, die with the crosstalk JVM even when it is killed with {@code kill -9} (no
 * shutdown hook runs): the watchdog agent {@link ChildJvm#command} adds sees its parent gone.
 */
class OrphanTest {

    /**
     * The stand-in for crosstalk: starts a child through {@link ChildJvm} (as the bench and stress runners do)
     * that starts a fork of its own (as JMH does), prints both pids, then waits (bounded) to be killed.
     */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            List<String> cmd = ChildJvm.command(List.of("-cp", System.getProperty("java.class.path"),
                    Child.class.getName()));
            ChildJvm child = ChildJvm.start(cmd, null, Map.of(), "orphan-test-child");
            System.out.println("child " + child.process().pid());
            BufferedReader in = new BufferedReader(new InputStreamReader(child.output(), StandardCharsets.UTF_8));
            System.out.println(in.readLine()); // the child's "fork <pid>"
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    /** JMH's host in miniature: a fork that would run on, and a wait. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Process fork = new ProcessBuilder("sleep", "60").start();
            System.out.println("fork " + fork.pid());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    @Test
    void aChildAndItsForksDieWhenCrosstalkIsKilled() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(), "-cp", System.getProperty("java.class.path"),
                Parent.class.getName()));
        Process parent = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long child;
        long fork;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            child = pid(out.readLine(), "child ");
            fork = pid(out.readLine(), "fork ");
            assertThat(ProcessHandle.of(child)).get().matches(ProcessHandle::isAlive);
            assertThat(ProcessHandle.of(fork)).get().matches(ProcessHandle::isAlive);
        } finally {
            parent.destroyForcibly(); // SIGKILL: the parent's shutdown hooks (ChildJvm's stop) never run
        }
        assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                    ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true)
                            && ProcessHandle.of(fork).map(h -> !h.isAlive()).orElse(true));
        } finally {
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(fork).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static long pid(String line, String prefix) {
        assertThat(line).startsWith(prefix);
        return Long.parseLong(line.substring(prefix.length()).trim());
    }
}
