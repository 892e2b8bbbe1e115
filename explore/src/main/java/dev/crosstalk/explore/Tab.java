package dev.crosstalk.explore;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.ManagedSession;

import java.time.Instant;

/**
 * One browser tab of a scenario: a recording connection of one user, following one thread. The
 * thread that opens it owns {@link #session}; the final check reads it after every thread joined.
 */
final class Tab {

    private static final Instant CONNECTED_AT = Instant.parse("2026-01-01T00:00:00Z");

    final String id;
    final UserExecutionContext context;
    final TabSink sink;
    final Connection connection;
    /** Set by the opening thread when the open returned. */
    volatile ManagedSession session;
    /** Set when the tab's connection was registered: the manager it was registered with. */
    volatile UserWebSocketManager registeredWith;
    /** Set when the open was refused loudly: the tab never counted as open. */
    volatile String refused;
    /** Whether it was open before the scenario's threads started and stayed open to the end. */
    volatile boolean openThroughout;
    volatile boolean closed;

    Tab(String id, UserExecutionContext context, Unobserved unobserved) {
        this.id = id;
        this.context = context;
        this.sink = new TabSink(unobserved);
        this.connection = new Connection(id, context.userId(), context.threadId(), CONNECTED_AT, sink);
    }

    boolean isOpen() {
        return registeredWith != null && !closed;
    }

    String user() {
        return context.userId();
    }

    @Override
    public String toString() {
        return context.userId() + "'s tab " + id;
    }
}
