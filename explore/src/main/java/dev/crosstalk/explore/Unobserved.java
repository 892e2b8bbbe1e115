package dev.crosstalk.explore;

import org.jetbrains.lincheck.util.AnalysisSectionsKt;

import java.util.function.Supplier;

/**
 * Runs the harness's own bookkeeping — what a tab received, what a run emitted, the final check — where Lincheck
 * neither switches threads nor tracks memory accesses (Lincheck's "ignored section").
 *
 * <p>Why: Lincheck puts a possible thread switch before every shared-memory access and lock of the code it runs,
 * and tracks every access to decide which objects are shared. The harness's lists, maps and monitors are not the
 * provider's, yet each of their accesses was a switch point the search had to branch on and a tracked access
 * each interleaving paid for. Hiding them leaves the provider's own accesses as the only places the search
 * branches; an event's arrival at a tab stays one visible step (see {@link TabSink}), so the order in which
 * deliveries race is still explored.
 *
 * <p>{@link #NOTHING} runs the work as it is: for the warm-up run outside Lincheck, where the agent may not be
 * attached yet and its bootstrap classes (which the ignored section needs) cannot be loaded.
 */
final class Unobserved {

    /** Inside a Lincheck interleaving: the work runs in an ignored section. */
    static final Unobserved INSIDE_LINCHECK = new Unobserved(true);

    /** Outside Lincheck: the work runs as it is. */
    static final Unobserved NOTHING = new Unobserved(false);

    private final boolean hide;

    private Unobserved(boolean hide) {
        this.hide = hide;
    }

    void run(Runnable work) {
        if (!hide) {
            work.run();
            return;
        }
        AnalysisSectionsKt.enterIgnoredSection();
        try {
            work.run();
        } finally {
            AnalysisSectionsKt.leaveIgnoredSection();
        }
    }

    <T> T get(Supplier<T> work) {
        if (!hide) {
            return work.get();
        }
        AnalysisSectionsKt.enterIgnoredSection();
        try {
            return work.get();
        } finally {
            AnalysisSectionsKt.leaveIgnoredSection();
        }
    }
}
