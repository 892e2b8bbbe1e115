package dev.crosstalk.manager;

import java.time.Instant;
import java.util.Objects;

/**
 * One WebSocket connection (a browser tab) of one user.
 *
 * @param connectionId unique per connection
 * @param userId       the authenticated user the connection belongs to
 * @param threadId     the thread the connection is bound to, or null for all the user's threads
 * @param connectedAt  when it connected
 * @param sink         where its events go
 */
public record Connection(String connectionId, String userId, String threadId, Instant connectedAt, EventSink sink) {

    public Connection {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(sink, "sink");
    }

    /** A connection of {@code userId}, not bound to a thread, connected now. */
    public static Connection of(String connectionId, String userId, EventSink sink) {
        return new Connection(connectionId, userId, null, Instant.now(), sink);
    }

    /** Whether this connection should receive events of {@code eventThreadId}. */
    public boolean follows(String eventThreadId) {
        return threadId == null || threadId.equals(eventThreadId);
    }
}
