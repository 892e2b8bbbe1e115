package dev.crosstalk.manager.spi;

/**
 * A named point inside a manager's code where a test may hold one thread while another runs, so
 * that an interleaving a race needs can be forced with latches instead of hoped for with sleeps.
 *
 * <p>The seeded defects call it at the exact place their race lives (for example between the
 * check and the act of a check-then-act); correct paths have no such window and never call it
 * for it. The default, {@link #NONE}, does nothing and costs one interface call.
 *
 * <p>Called on the thread that reaches the point; an implementation may block it.
 */
@FunctionalInterface
public interface InterleavingHook {

    InterleavingHook NONE = point -> { };

    /** The current thread reached {@code point}, one of the {@code POINT_*} names a class documents. */
    void reached(String point);
}
