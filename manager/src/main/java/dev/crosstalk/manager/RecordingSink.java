package dev.crosstalk.manager;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory sink that keeps every event it receives, in arrival order.
 *
 * <p>Thread-safe: {@link #send} and the readers synchronise on the sink, so a reader on another
 * thread sees every event sent before it looked (JCStress arbiters and JUnit assertions rely on
 * this). Cheap enough for JMH when {@code keep} is false: it then only counts.
 */
public final class RecordingSink implements EventSink {

    private final boolean keep;
    private final List<AgentEvent> events = new ArrayList<>();
    private long count;
    private boolean open = true;

    /** A sink that keeps every event. */
    public RecordingSink() {
        this(true);
    }

    /** @param keep false to only count events (for benchmarks) */
    public RecordingSink(boolean keep) {
        this.keep = keep;
    }

    @Override
    public synchronized void send(AgentEvent event) {
        if (!open) {
            throw new SinkClosedException("recording sink is closed");
        }
        count++;
        if (keep) {
            events.add(event);
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    /** Closes the sink: later sends throw. */
    public synchronized void close() {
        open = false;
    }

    /** A snapshot of every event kept so far. */
    public synchronized List<AgentEvent> events() {
        return List.copyOf(events);
    }

    /** How many events were delivered (kept or not). */
    public synchronized long count() {
        return count;
    }
}
