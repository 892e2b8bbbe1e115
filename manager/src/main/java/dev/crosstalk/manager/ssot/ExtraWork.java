package dev.crosstalk.manager.ssot;

/**
 * An option of the system under test for measuring the harness itself: a known, fixed amount of CPU work added to every
 * manager's creation and to every event it delivers, so that {@code crosstalk compare} can be shown to flag a slowdown
 * of known size (its power) and to leave alone what it does not touch (docs/results.md, "Power").
 *
 * <p>Set with the system property {@value #PROPERTY} (tokens, default 0: nothing added). It is read once, when this
 * class is initialised, into a constant, so with the default the JIT removes the call; and every JVM of a run — the
 * bench child and each JMH fork — must be given it: {@code JAVA_TOOL_OPTIONS=-D…=N ./crosstalk bench …} does, because
 * the JVM reads that variable and child processes inherit it. Every creation path builds its managers from {@link
 * WebSocketManager}, so ssot, registry and factory slow down alike; the seeded defects that build their own managers
 * do not.
 *
 * <p>The work is JMH's {@code Blackhole.consumeCPU(tokens)}: a dependent chain of multiply-adds, opaque to the JIT.
 * Not a busy wait on {@link System#nanoTime()}: one call of that costs 25–160 ns on this KVM machine
 * ({@code kvm-clock}), more than 10 % of a 60 ns creation, so a timed wait could not be made that small.
 *
 * <p><b>A loop at every count.</b> The loop's trip count is read from a field that is not {@code final}, so the JIT
 * cannot specialise the loop to a constant (a constant count of 1–4 was unrolled into the caller and changed how the
 * whole creation compiled: measured 2026-12-06, over ssot 1, 2, 3, 4 tokens gave ×1.040, ×1.054, ×1.468, ×1.435 —
 * a 15 ns jump between 2 and 3; docs/results.md, "The power's knob, first try"). It is still not linear in the
 * tokens (measured 2026-12-07 on the creating rows: 4 tokens ×1.06–1.14, 10 ×1.15–1.22, 11 ×1.17–1.23, 13 ×1.34–1.42
 * — the chain overlaps the creation's own work in the CPU's out-of-order window), so what a level costs on a machine
 * is measured, not assumed: the true ratio of each slowed benchmark comes from plain and slowed runs interleaved on
 * that machine ({@code examples/regression/gate-check.sh calibrate}). Whether it is on at all is a constant, so with
 * the default the call is removed.
 */
final class ExtraWork {

    static final String PROPERTY = "crosstalk.sut.extra-work-tokens";

    /** The added work per creation and per delivered event, in tokens; 0 for none. */
    static final long TOKENS = parse(System.getProperty(PROPERTY));

    /** Whether any work is added: a constant, so that with the default the JIT drops the call altogether. */
    private static final boolean ON = TOKENS > 0;

    /**
     * {@link #TOKENS} again, deliberately not {@code final}: the JIT does not fold a non-final static, so the loop keeps
     * a variable trip count. Assigned once, when the class is initialised, and never written again.
     */
    private static long tripCount = TOKENS;

    /**
     * The chain's result is published here only when it is 42 (practically never), as JMH does, so that the JIT
     * cannot drop the loop; written by any thread, read by none: the one piece of shared state, and it carries nothing.
     */
    private static volatile long sink;

    private ExtraWork() {
    }

    /** Does {@link #TOKENS} of work on the calling thread. */
    static void spend() {
        if (ON) {
            consume(tripCount);
        }
    }

    /** {@code tokens} of work: JMH's {@code consumeCPU} loop. */
    static void consume(long tokens) {
        long t = sink;
        for (long i = tokens; i > 0; i--) {
            t += (t * 0x5DEECE66DL + 0xBL + i) & 0xFFFFFFFFFFFFL;
        }
        if (t == 42) {
            sink += t;
        }
    }

    static long parse(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0) {
                throw new IllegalArgumentException(PROPERTY + " must be 0 or more tokens, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a whole number of tokens, got " + value, e);
        }
    }
}
