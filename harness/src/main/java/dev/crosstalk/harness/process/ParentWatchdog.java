package dev.crosstalk.harness.process;

import java.lang.instrument.Instrumentation;
import java.util.Optional;

/**
 * A Java agent every child JVM of crosstalk starts with ({@code -javaagent:watchdog.jar=<parent pid>}, see
 * {@link ChildJvm#command}): when the crosstalk JVM is gone, killed with {@code kill -9} so that no shutdown hook
 * of its could stop anything, the child kills what it started (JMH's and JCStress's forks) and halts. Without it a
 * JMH child outlived its parent holding JMH's machine-wide lock ({@code /tmp/jmh.lock}), and every other bench on the
 * machine failed meanwhile.
 *
 * <p>Polling, not a pipe: a child's stdin may be read by the tool it runs, and the parent's death is seen within
 * {@link #POLL_MILLIS} either way. The parent's handle is taken at start: {@link ProcessHandle#isAlive} compares the
 * start time, so a reused pid does not keep the child alive. Only JDK classes: the agent jar holds this class alone.
 * One daemon thread, {@code crosstalk-parent-watchdog}, owns the check.
 */
public final class ParentWatchdog {

    static final long POLL_MILLIS = 250;
    /** The exit status of a child halted because its parent is gone (128 + SIGKILL, as if killed with it). */
    static final int ORPHANED = 137;

    private ParentWatchdog() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args);
    }

    static void start(String args) {
        Optional<ProcessHandle> parent = parse(args).flatMap(ProcessHandle::of);
        if (parent.isEmpty()) {
            // gone before this JVM got here (or no pid given: a misuse; fall back to the OS parent)
            if (parse(args).isPresent()) {
                orphaned(args);
            }
            parent = ProcessHandle.current().parent();
        }
        ProcessHandle watched = parent.orElse(null);
        if (watched == null) {
            return;
        }
        Thread t = new Thread(() -> {
            while (watched.isAlive()) {
                try {
                    // A sleep is right here: nothing signals a process that is not our parent's child when it dies
                    // (ProcessHandle.onExit polls too, without the start-time check isAlive makes against pid reuse).
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            orphaned(String.valueOf(watched.pid()));
        }, "crosstalk-parent-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private static Optional<Long> parse(String args) {
        try {
            return args == null || args.isBlank() ? Optional.empty() : Optional.of(Long.parseLong(args.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void orphaned(String parentPid) {
        System.err.println("crosstalk: the crosstalk process " + parentPid + " that started this JVM ("
                + ProcessHandle.current().pid() + ") is gone: stopping it and its children");
        System.err.flush();
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        Runtime.getRuntime().halt(ORPHANED);
    }
}
