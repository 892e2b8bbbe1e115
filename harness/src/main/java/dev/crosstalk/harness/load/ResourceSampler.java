package dev.crosstalk.harness.load;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.crosstalk.results.archive.ResourceSeries;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Samples this JVM's live heap (used heap right after {@link System#gc()}: one full collection per sample, so only
 * for soaks, where the heap's trend matters and a pause every few seconds does not) and its open file descriptors
 * at a fixed interval through a load, for {@link ResourceSeries}. One daemon thread, {@code ct-load-resources}, owns
 * the samples; {@link #stop} hands them to the driver thread.
 */
final class ResourceSampler {

    private final long t0;
    private final LongSupplier sessionsUp;
    private final ScheduledExecutorService timer;
    private final List<ResourceSeries.Sample> samples = new ArrayList<>();
    private final Duration every;

    private ResourceSampler(Duration every, long t0, LongSupplier sessionsUp) {
        this.every = every;
        this.t0 = t0;
        this.sessionsUp = sessionsUp;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ct-load-resources");
            t.setDaemon(true);
            return t;
        });
    }

    /** Samples every {@code every} from now on; {@code t0} (nanoTime) is when the load began. */
    static ResourceSampler start(Duration every, long t0, LongSupplier sessionsUp) {
        ResourceSampler s = new ResourceSampler(every, t0, sessionsUp);
        s.timer.scheduleAtFixedRate(s::sample, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
        return s;
    }

    private void sample() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        ResourceSeries.Sample s = new ResourceSeries.Sample(Math.round((System.nanoTime() - t0) / 1e7) / 100.0, heap,
                descriptors(), sessionsUp.getAsLong());
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** Stops sampling (waiting for a sample under way) and judges the series after {@code warmUp}. */
    ResourceSeries stop(String scope, Duration warmUp) {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (samples) {
            return ResourceSeries.of(scope, every.toMillis() / 1000.0, warmUp.toMillis() / 1000.0, samples);
        }
    }

    /** Open descriptors of this process, or -1 where the JVM cannot tell (not Unix). */
    static long descriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }
}
