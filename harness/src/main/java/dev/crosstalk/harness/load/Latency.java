package dev.crosstalk.harness.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.List;

/**
 * The latency metrics, in nanoseconds from each operation's intended start: connect, first event and run of the
 * measured phase, and first event and run of the warm-up phase ({@link LoadConfig#warmup()}), kept apart as JMH keeps
 * its warm-up iterations apart: the driver's own JIT warm-up would otherwise be the whole-run p99. One
 * {@link SingleWriterRecorder} per metric and event loop: the loop that owns a session is the only
 * writer of its loop's recorders, so recording takes no lock; the reporter thread swaps interval
 * histograms out of every recorder once a second.
 */
public final class Latency {

    public static final List<String> METRICS = List.of("connect", "first_event", "run", "warmup_first_event",
            "warmup_run");
    static final int CONNECT = 0;
    static final int FIRST_EVENT = 1;
    static final int RUN = 2;
    static final int WARMUP_FIRST_EVENT = 3;
    static final int WARMUP_RUN = 4;

    /** The first-event metric of a run of this phase. */
    static int firstEvent(boolean warmup) {
        return warmup ? WARMUP_FIRST_EVENT : FIRST_EVENT;
    }

    /** The run metric of a run of this phase. */
    static int run(boolean warmup) {
        return warmup ? WARMUP_RUN : RUN;
    }

    /** 1 µs resolution is plenty for these; one hour is the ceiling. */
    static final long LOWEST = 1_000;
    static final long HIGHEST = 3_600_000_000_000L;
    static final int DIGITS = 3;

    /** recorders[loop][metric] */
    private final SingleWriterRecorder[][] recorders;

    Latency(int loops) {
        recorders = new SingleWriterRecorder[loops][METRICS.size()];
        for (int l = 0; l < loops; l++) {
            for (int m = 0; m < METRICS.size(); m++) {
                recorders[l][m] = new SingleWriterRecorder(LOWEST, HIGHEST, DIGITS);
            }
        }
    }

    /** Called on loop {@code loop}'s thread only. */
    void record(int loop, int metric, long nanos) {
        recorders[loop][metric].recordValue(Math.min(HIGHEST, Math.max(LOWEST, nanos)));
    }

    static Histogram newHistogram() {
        return new Histogram(LOWEST, HIGHEST, DIGITS);
    }

    /** Adds every loop's interval of {@code metric} into {@code into} (the reporter thread only). */
    void drainInterval(int metric, Histogram into) {
        for (SingleWriterRecorder[] perLoop : recorders) {
            Histogram h = perLoop[metric].getIntervalHistogram();
            into.add(h);
        }
    }
}
