package dev.crosstalk.manager.ssot;

/**
 * An option of the system under test for measuring the harness itself: a known, fixed amount of work added to every
 * manager's creation and to every event it delivers, so that {@code crosstalk compare} can be shown to flag a slowdown
 * of known size (its power) and to leave everything else alone (docs/results.md, "Power").
 *
 * <p>Set with the system property {@value #PROPERTY} (nanoseconds, default 0: nothing added). It is read once, when
 * this class is initialised, into a constant, so with the default the JIT removes the call, and every JVM of a run —
 * the bench child and each JMH fork — must be given it: {@code JAVA_TOOL_OPTIONS=-D…=N ./crosstalk bench …} does,
 * because the JVM reads that variable and child processes inherit it. Every creation path builds its managers from
 * {@link WebSocketManager}, so ssot, registry and factory all slow down alike; the seeded defects that build their own
 * managers do not.
 *
 * <p>The work is a busy wait on {@link System#nanoTime()}: a fixed <em>time</em>, not a fixed count of instructions,
 * so its size does not change with the JIT or the CPU's clock, only with how often the thread is descheduled.
 */
final class ExtraWork {

    static final String PROPERTY = "crosstalk.sut.extra-work-ns";

    /** The added time per creation and per delivered event, in nanoseconds; 0 for none. */
    static final long NANOS = parse(System.getProperty(PROPERTY));

    private ExtraWork() {
    }

    /** Spends {@link #NANOS} on the calling thread. */
    static void spend() {
        if (NANOS > 0) {
            spin(NANOS);
        }
    }

    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    static long parse(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0) {
                throw new IllegalArgumentException(PROPERTY + " must be 0 or more nanoseconds, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a whole number of nanoseconds, got " + value, e);
        }
    }
}
