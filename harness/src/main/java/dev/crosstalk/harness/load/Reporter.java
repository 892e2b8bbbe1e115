package dev.crosstalk.harness.load;

import dev.crosstalk.harness.server.NamedThreads;
import dev.crosstalk.results.archive.LatencyLog;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Once a second, on its own thread: drains the sessions' latency recorders into the interval log and
 * the totals, and prints a progress line. Its methods are synchronized because the driver thread takes
 * the last interval and reads the totals while a late tick may still run; no session ever calls it, so
 * the lock is never on the per-event path.
 */
final class Reporter {

    private final LoadContext ctx;
    private final long t0;
    private final Histogram[] totals = new Histogram[Latency.METRICS.size()];
    /** Compressed (a few hundred bytes each, not the ~200 KB of a histogram's counts): a soak keeps them all. */
    private final List<LatencyLog.Interval> intervals = new ArrayList<>();
    private final long startMillis = System.currentTimeMillis();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new NamedThreads("ct-load-report"));
    private long lastMillis = startMillis;
    private long lastCompleted;

    private Reporter(LoadContext ctx, long t0) {
        this.ctx = ctx;
        this.t0 = t0;
        for (int i = 0; i < totals.length; i++) {
            totals[i] = Latency.newHistogram();
        }
    }

    /** Starts ticking every second; {@code progress} null (or a quiet config) prints nothing. */
    static Reporter start(LoadContext ctx, long t0, PrintStream progress) {
        Reporter r = new Reporter(ctx, t0);
        PrintStream prog = ctx.config.quiet() ? null : progress;
        r.timer.scheduleAtFixedRate(() -> r.tick(prog), 1, 1, TimeUnit.SECONDS);
        return r;
    }

    /** Stops ticking (waits up to 2 s for a tick under way); {@code tick(null)} then takes the last interval. */
    void stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void tick(PrintStream progress) {
        long now = System.currentTimeMillis();
        Histogram runInterval = null;
        for (int i = 0; i < totals.length; i++) {
            Histogram h = Latency.newHistogram();
            ctx.latency.drainInterval(i, h);
            h.setStartTimeStamp(lastMillis);
            h.setEndTimeStamp(now);
            h.setTag(Latency.METRICS.get(i));
            if (h.getTotalCount() > 0) {
                intervals.add(LatencyLog.Interval.of(h));
                totals[i].add(h);
            }
            if (i == Latency.RUN) {
                runInterval = h;
            }
        }
        long completed = ctx.state.runsCompleted.sum();
        double dt = Math.max(1, now - lastMillis) / 1000.0;
        if (progress != null) {
            LoadState st = ctx.state;
            progress.printf(Locale.ROOT,
                    "[%5.1fs] sessions %d/%d up | runs %d done, %.0f/s | run p99 %s | leaks %d losses %d order %d dup %d | errors %d%n",
                    (System.nanoTime() - t0) / 1e9, st.sessionsUp.get(), ctx.sessions.length, completed,
                    (completed - lastCompleted) / dt,
                    runInterval.getTotalCount() == 0 ? "-" : ms(runInterval.getValueAtPercentile(99)),
                    st.leaks.sum(), st.losses.sum(), st.orderViolations.sum(), st.duplicates.sum(),
                    st.connectFailed.sum() + st.handshakeRefused.sum() + st.serverErrors.sum()
                            + st.serverClosed.sum());
            progress.flush();
        }
        lastCompleted = completed;
        lastMillis = now;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** A copy of the whole load's histogram of {@code metric}. */
    synchronized Histogram total(int metric) {
        return totals[metric].copy();
    }

    /** The intervals so far, for {@code latency.hlog} (values in ns, one tag per metric). */
    synchronized LatencyLog.Intervals intervals() {
        return new LatencyLog.Intervals(startMillis, intervals);
    }
}
