package dev.crosstalk.harness.load;

import com.fasterxml.jackson.core.JsonFactory;
import dev.crosstalk.results.shard.RunIds;


import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the sessions of one load share. The driver thread sets {@code target}, {@code remote} and
 * {@code sessions} before the first connect is scheduled (the event loops' task queues publish them);
 * the volatile fields are the driver's signals to the sessions; the latches and {@link #firstError}
 * are the sessions' signals back. Nothing here takes a lock.
 */
final class LoadContext {

    final LoadConfig config;
    final LoadState state;
    final Latency latency;
    final JsonFactory json = new JsonFactory();
    /**
     * Mints the run ids, each naming its owner by position in the job's users, under a key all shards of a job share
     * (derived from the JWT secret they sign with; a fixed one without a secret): a shard attributes a leak of
     * another shard's run to its owner with no map shared between drivers ({@link RunIds}).
     */
    final RunIds runIds;
    /** Makes this load's tame thread ids its own (tabs that share a thread compute the same id). */
    final long threadNonce = ThreadLocalRandom.current().nextLong();
    URI target;
    InetSocketAddress remote;
    ClientSession[] sessions;
    /** Set once the driver stops the load: sessions start nothing more. */
    volatile boolean stopping;
    /** Runs wait until the driver has measured the idle heap (measure_idle_heap). */
    volatile boolean holdRuns;
    volatile long runsStartNanos;
    volatile long runsEndNanos = Long.MAX_VALUE;
    /**
     * Abandoned runs are verified (the provider or target promises recovery) and, in a scenario that drops
     * sessions, every run is tracked at every tab of its user ({@link TrackedRun}). Set before any session
     * exists.
     */
    boolean verifyRecovery;
    boolean trackRuns;
    /** Why abandoned runs are not verified, or null. */
    String recoveryWaived;
    final CountDownLatch finished;
    final CountDownLatch allUp = new CountDownLatch(1);
    final AtomicReference<String> firstError = new AtomicReference<>();
    /** Whether the target itself went away (the sessions report drops and refusals to it). */
    final TargetHealth health = new TargetHealth();
    /** When the first run was sent (0: none yet), and how many runs were sent: the warm-up phase's clock and count. */
    private final AtomicLong firstRunNanos = new AtomicLong();
    private final AtomicLong runsSent = new AtomicLong();
    private final long warmupNanos;
    private final long warmupRunsMax;
    /** One scratch array per event loop, each used on its loop only. */
    private final byte[][] scratch;

    LoadContext(LoadConfig config, LoadState state) {
        this.config = config;
        this.state = state;
        this.runIds = RunIds.forSecret(config.jwtSecret() == null ? "crosstalk" : config.jwtSecret());
        this.latency = new Latency(config.eventLoops());
        this.finished = new CountDownLatch(config.sessions());
        this.scratch = new byte[config.eventLoops()][4096];
        this.warmupNanos = config.warmsUp() ? config.warmup().toNanos() : 0;
        long planned = config.plannedRuns();
        this.warmupRunsMax = !config.warmsUp() ? 0
                : planned < 0 ? Long.MAX_VALUE : (long) Math.floor(planned * config.warmupShare());
    }

    /**
     * Counts a run sent at {@code now} and says whether it is a warm-up run: sent within the warm-up time of the
     * first run, and among the first {@code warmupShare} of the planned runs. Any event loop; lock-free.
     */
    boolean warmupRun(long now) {
        if (firstRunNanos.get() == 0) {
            firstRunNanos.compareAndSet(0, now);   // once per load: no CAS on a shared line for every run
        }
        long k = runsSent.incrementAndGet();
        return k <= warmupRunsMax && now - firstRunNanos.get() < warmupNanos;
    }

    /** When the first run was sent, or 0 if none was. */
    long firstRunNanos() {
        return firstRunNanos.get();
    }

    /** Open model: runs start on a schedule rather than when the previous one ended. */
    boolean open() {
        return config.rate() > 0;
    }

    void sessionFinished() {
        finished.countDown();
    }

    void allUp() {
        allUp.countDown();
    }

    void noteError(String e) {
        firstError.compareAndSet(null, e);
    }

    /** Loop {@code loop}'s scratch array, at least {@code len} long (on that loop only). */
    byte[] scratch(int loop, int len) {
        if (scratch[loop].length < len) {
            scratch[loop] = new byte[Math.max(len, scratch[loop].length * 2)];
        }
        return scratch[loop];
    }
}
