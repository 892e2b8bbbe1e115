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
 * <p>The work is JMH's {@code Blackhole.consumeCPU(tokens)}: a dependent chain of multiply-adds, linear in the tokens
 * and opaque to the JIT. Not a busy wait on {@link System#nanoTime()}: one call of that costs 25–160 ns on this
 * KVM machine ({@code kvm-clock}), more than 10 % of a 60 ns creation, so a timed wait could not be made that small.
 * What a token costs is measured, not assumed: the true ratio of a slowed run is taken from a long reference run.
 */
final class ExtraWork {

    static final String PROPERTY = "crosstalk.sut.extra-work-tokens";

    /** The added work per creation and per delivered event, in tokens; 0 for none. */
    static final long TOKENS = parse(System.getProperty(PROPERTY));

    /**
     * The chain's result is published here only when it is 42 (practically never), as JMH does, so that the JIT
     * cannot drop the loop; written by any thread, read by none: the one piece of shared state, and it carries nothing.
     */
    private static volatile long sink;

    private ExtraWork() {
    }

    /** Does {@link #TOKENS} of work on the calling thread. */
    static void spend() {
        if (TOKENS > 0) {
            consume(TOKENS);
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
