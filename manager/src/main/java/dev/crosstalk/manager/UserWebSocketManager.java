package dev.crosstalk.manager;

import java.util.Map;

/**
 * The contract every creation path's manager offers, correct or defective: a user's
 * connections, delivery of that user's events, and a recovery queue for events sent while the
 * user has no open connection.
 *
 * <p>Implementations must be safe for concurrent use: connections are added by event loops
 * while agent workers send.
 */
public interface UserWebSocketManager extends AutoCloseable {

    /** The identity this manager is bound to (for a shared manager: the one it last acted for). */
    UserExecutionContext context();

    /**
     * Registers a connection of this manager's user, then drains the user's recovery queue into
     * it, in order.
     *
     * @throws IsolationViolationException if the connection belongs to another user
     */
    void addConnection(Connection connection);

    /** Forgets a connection; unknown ids are ignored. */
    void removeConnection(String connectionId);

    /**
     * Delivers {@code event} to every open connection of {@code userId} that follows the event's
     * thread; with none, stores it in the recovery queue.
     *
     * @throws IsolationViolationException if {@code userId} is not this manager's user
     * @throws ManagerClosedException      if the manager was closed
     */
    void sendToUser(String userId, AgentEvent event);

    /**
     * Delivers {@code event} to this user's connections that follow {@code threadId}; with none,
     * stores it in the recovery queue.
     *
     * @throws ManagerClosedException if the manager was closed
     */
    void sendToThread(String threadId, AgentEvent event);

    /**
     * Builds an event of {@code type} from this manager's context ids and sends it to the user.
     *
     * @return the event that was sent
     */
    AgentEvent emitCriticalEvent(String type, Map<String, Object> data);

    /** Whether at least one open connection is registered. */
    boolean isConnectionActive();

    ManagerStats stats();

    /** Closes the manager: later sends fail fast with {@link ManagerClosedException}. */
    @Override
    void close();

    boolean isClosed();
}
