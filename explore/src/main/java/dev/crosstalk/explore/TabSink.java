package dev.crosstalk.explore;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.EventSink;

import java.util.ArrayList;
import java.util.List;

/**
 * What one tab's socket received, in arrival order: the scenario's stand-in for a WebSocket.
 *
 * <p>An arrival is one visible step for Lincheck — a single write of {@link #lastArrival}, a shared field — so the
 * search can still put another thread's step between a manager taking an event (from a queue, say) and the event
 * reaching the tab, which is how deliveries of one run end up out of order. Keeping the list is bookkeeping and
 * runs {@link Unobserved}: no switch points, no tracked accesses of its own.
 *
 * <p>Thread-safety: any scenario thread may send; the lock makes that safe outside Lincheck too (the warm-up), and
 * inside an ignored section it is never contended, since Lincheck does not switch threads there. The final check
 * reads {@link #events()} after every thread joined.
 */
final class TabSink implements EventSink {

    private final Unobserved unobserved;
    private final List<AgentEvent> events = new ArrayList<>();
    /** Written on every arrival: the one access Lincheck sees. Never read back. */
    @SuppressWarnings("unused")
    private AgentEvent lastArrival;

    TabSink(Unobserved unobserved) {
        this.unobserved = unobserved;
    }

    @Override
    public void send(AgentEvent event) {
        lastArrival = event;
        unobserved.run(() -> {
            synchronized (events) {
                events.add(event);
            }
        });
    }

    /** Never closed: a tab's end is its session's close, which the manager is told of. */
    @Override
    public boolean isOpen() {
        return true;
    }

    List<AgentEvent> events() {
        return unobserved.get(() -> {
            synchronized (events) {
                return List.copyOf(events);
            }
        });
    }
}
