package dev.crosstalk.harness.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-over between a Ctrl-C hook and {@code crosstalk run}'s main thread. Each test plays the
 * main thread here and the hook on a second thread; they meet through latches, never sleeps.
 */
class RunInterruptionTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void stopBetweenPartsReturnsAtOnceAndStopsTheNextPart() {
        AtomicInteger childStops = new AtomicInteger();
        RunInterruption i = new RunInterruption(childStops::incrementAndGet, LONG, LONG);
        i.begin("stress", false);
        i.settled();

        assertTrue(i.stopAndAwait(), "nothing running: nothing to wait for");
        assertTrue(i.stopRequested());
        assertEquals(0, childStops.get(), "no part running: no child process is touched");
    }

    @Test
    void inProcessPartIsSignalledAndTheHookWaitsUntilItSettles() throws Exception {
        AtomicInteger childStops = new AtomicInteger();
        RunInterruption i = new RunInterruption(childStops::incrementAndGet, LONG, LONG);
        i.begin("load", true);

        CompletableFuture<Boolean> hook = CompletableFuture.supplyAsync(i::stopAndAwait);
        // the load driver sees the signal, writes its files; only then does the part settle
        i.stopSignal().get(10, TimeUnit.SECONDS);
        assertFalse(hook.isDone(), "the hook must still be waiting: the part has not settled");
        i.settled();

        assertTrue(hook.get(10, TimeUnit.SECONDS), "the part settled within the wait");
        assertEquals(0, childStops.get(), "an in-process part is not stopped by killing children");
    }

    @Test
    void childProcessPartIsStoppedByEndingTheChildren() throws Exception {
        CountDownLatch childrenStopped = new CountDownLatch(1);
        RunInterruption i = new RunInterruption(childrenStopped::countDown, LONG, LONG);
        i.begin("bench", false);

        CompletableFuture<Boolean> hook = CompletableFuture.supplyAsync(i::stopAndAwait);
        // the runner returns once its forks are gone
        assertTrue(childrenStopped.await(10, TimeUnit.SECONDS), "the hook ends the child JVMs");
        i.settled();

        assertTrue(hook.get(10, TimeUnit.SECONDS));
        assertTrue(i.stopRequested());
    }

    @Test
    void aPartThatNeverSettlesDoesNotHangTheHook() throws Exception {
        RunInterruption i = new RunInterruption(() -> { }, Duration.ofMillis(50), Duration.ofMillis(50));
        i.begin("load", true);

        CompletableFuture<Boolean> hook = CompletableFuture.supplyAsync(i::stopAndAwait);

        assertFalse(hook.get(10, TimeUnit.SECONDS), "the bounded wait ran out and says so");
    }
}
