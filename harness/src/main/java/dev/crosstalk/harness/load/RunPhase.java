package dev.crosstalk.harness.load;

/**
 * What the driver measures around the run phase: when it began and ended, this process's CPU time and
 * the events counted at both ends, and the heap an idle session costs (when asked). Written and read
 * by the driver thread only; fields left at their initial values were not measured.
 */
final class RunPhase {
    long startNanos;
    long endNanos;
    long cpuStartNanos = -1;
    long cpuEndNanos = -1;
    long eventsAtStart;
    long eventsAtEnd;
    /** measure_idle_heap: the heap the established, idle sessions added, per session; null if not measured. */
    Long heapPerIdleSession;

    /** Seconds from the first scheduled run (not before {@code t0}) to the last session's end; NaN if it did not end. */
    double seconds(long t0) {
        if (endNanos > startNanos && startNanos > 0) {
            return (endNanos - Math.max(startNanos, t0)) / 1e9;
        }
        return Double.NaN;
    }

    boolean cpuMeasured() {
        return cpuStartNanos >= 0 && cpuEndNanos > cpuStartNanos && eventsAtEnd > eventsAtStart;
    }
}
