package dev.crosstalk.manager;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Events sent to a user while no connection was open, kept for delivery on the next connect.
 * Bounded: when full, the oldest event is dropped and counted, so a user who never comes back
 * cannot grow the server's memory without bound.
 *
 * <p>Not thread-safe: the manager that owns it guards it with its own lock.
 */
public final class RecoveryQueue {

    private final int capacity;
    private final ArrayDeque<AgentEvent> events;
    private long dropped;

    public RecoveryQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 16));
    }

    /** Adds an event; returns true if the oldest had to be dropped to make room. */
    public boolean offer(AgentEvent event) {
        boolean overflow = events.size() == capacity;
        if (overflow) {
            events.pollFirst();
            dropped++;
        }
        events.addLast(event);
        return overflow;
    }

    /** Removes and returns every queued event, oldest first. */
    public List<AgentEvent> drain() {
        List<AgentEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    public int size() {
        return events.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Events dropped by overflow since creation. */
    public long dropped() {
        return dropped;
    }
}
