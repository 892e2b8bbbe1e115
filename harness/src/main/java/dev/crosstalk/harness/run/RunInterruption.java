package dev.crosstalk.harness.run;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C means to {@code crosstalk run}: stop the part that is running, let it write what it
 * measured, add that to the archive, and only then close the archive as interrupted.
 *
 * <p>Two threads meet here. The run's main thread calls {@link #begin(String, boolean)} before each
 * part and {@link #settled()} once the part's files are in the archive and its status is marked. The
 * JVM's shutdown-hook thread calls {@link #stopAndAwait()}: it asks the running part to stop, and waits
 * — bounded, because a hook that never returns hangs the JVM — for the main thread to settle that part.
 *
 * <p>How a part is asked to stop depends on the instrument. The load driver takes a
 * {@link #stopSignal()} and winds down in-process (closes its sessions, writes its files). Stress and
 * bench run their work in child JVMs (JCStress and JMH forks); a Ctrl-C at a terminal reaches them
 * anyway (same process group), but a {@code kill -INT} of crosstalk alone does not, so they are asked
 * to stop by terminating this process's child processes, after which their runners return with what was
 * written.
 */
public final class RunInterruption {

    /** How long the hook waits for a part that stops in-process (load: closing sessions, writing files). */
    static final Duration IN_PROCESS_WAIT = Duration.ofSeconds(30);
    /** How long the hook waits for a part whose work is in child JVMs to notice they ended. */
    static final Duration CHILD_WAIT = Duration.ofSeconds(15);

    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final Runnable stopChildren;
    private final Duration inProcessWait;
    private final Duration childWait;
    private volatile CountDownLatch current = new CountDownLatch(0);
    private volatile boolean currentStopsInProcess;
    private volatile String currentPart = "none";

    /** Stops child processes by terminating (SIGTERM) every descendant of this JVM. */
    public RunInterruption() {
        this(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), IN_PROCESS_WAIT, CHILD_WAIT);
    }

    /** For tests: {@code stopChildren} replaces terminating the real child processes; shorter waits. */
    RunInterruption(Runnable stopChildren, Duration inProcessWait, Duration childWait) {
        this.stopChildren = stopChildren;
        this.inProcessWait = inProcessWait;
        this.childWait = childWait;
    }

    /**
     * Main thread: {@code part} starts now. {@code stopsInProcess} is true when the part watches
     * {@link #stopSignal()} itself; false when it must be stopped by ending its child processes.
     */
    public void begin(String part, boolean stopsInProcess) {
        currentPart = part;
        currentStopsInProcess = stopsInProcess;
        current = new CountDownLatch(1);
    }

    /** Main thread: the current part's files are in the archive and its status is marked. */
    public void settled() {
        current.countDown();
    }

    /** Completed when a stop was asked for; hand it to instruments that can stop in-process. */
    public CompletableFuture<Void> stopSignal() {
        return stop;
    }

    /** True once a stop was asked for: the main thread starts no further part. */
    public boolean stopRequested() {
        return stop.isDone();
    }

    /**
     * Hook thread: asks the running part to stop and waits for it to settle.
     *
     * @return true if the part settled in time (or none was running)
     */
    public boolean stopAndAwait() {
        stop.complete(null);
        CountDownLatch part = current;
        if (part.getCount() == 0) {
            return true;
        }
        Duration wait = currentStopsInProcess ? inProcessWait : childWait;
        if (!currentStopsInProcess) {
            stopChildren.run();
        }
        System.err.println("crosstalk run: interrupted during " + currentPart + "; keeping what it measured (waiting up to "
                + String.format(Locale.ROOT, "%.1f", wait.toMillis() / 1000.0) + " s)");
        try {
            return part.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
