package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.spi.InterleavingHook;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link InterleavingHook} that holds the threads reaching one named point until the test
 * lets them go, so that a race's window is held open with latches instead of hoped for.
 *
 * <p>Never deadlocks a correct path, which never reaches the point: the test waits for "the
 * point was reached <em>or</em> the thread that would reach it finished"
 * ({@link #awaitArrivalOr}), and every wait is bounded by {@link #TIMEOUT_SECONDS}, failing the
 * test when it runs out.
 */
final class Gate implements InterleavingHook {

    static final long TIMEOUT_SECONDS = 10;

    private final String point;
    private final int hold;
    private final boolean opensWhenAllArrived;
    private final AtomicInteger arrivals = new AtomicInteger();
    private final CompletableFuture<Void> allArrived = new CompletableFuture<>();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    private Gate(String point, int hold, boolean opensWhenAllArrived) {
        this.point = point;
        this.hold = hold;
        this.opensWhenAllArrived = opensWhenAllArrived;
    }

    /** Holds the first thread that reaches {@code point} until {@link #open()}; later arrivals pass. */
    static Gate holdFirst(String point) {
        return new Gate(point, 1, false);
    }

    /**
     * Holds the first {@code parties} threads that reach {@code point} until all of them are
     * there, then lets them all go: each has passed the point's "check" before any "acts".
     */
    static Gate rendezvous(String point, int parties) {
        return new Gate(point, parties, true);
    }

    @Override
    public void reached(String reachedPoint) {
        if (!point.equals(reachedPoint)) {
            return;
        }
        int n = arrivals.incrementAndGet();
        if (n > hold) {
            return;
        }
        if (n == hold) {
            allArrived.complete(null);
            if (opensWhenAllArrived) {
                opened.complete(null);
            }
        }
        await(opened, "a thread held at " + point + " was never let go");
    }

    /** Lets every held thread go, and every later one pass. */
    void open() {
        opened.complete(null);
    }

    /** How many times the point was reached. */
    int arrivals() {
        return arrivals.get();
    }

    /**
     * Waits until the point was reached by as many threads as the gate holds, or {@code worker}
     * finished (a correct path never reaches the point); returns whether the point was reached.
     */
    boolean awaitArrivalOr(CompletableFuture<?> worker) {
        await(CompletableFuture.anyOf(allArrived, worker), "neither reached " + point + " nor finished");
        return allArrived.isDone();
    }

    private static void await(CompletableFuture<?> future, String onTimeout) {
        try {
            future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(onTimeout + " within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting: " + onTimeout, e);
        } catch (ExecutionException e) {
            // The worker failed: it finished, which is all this wait is about.
        }
    }
}
