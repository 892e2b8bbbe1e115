package dev.crosstalk.manager.spi;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;

/**
 * One open WebSocket session as a server holds it: the connection, registered with the manager
 * its creation path gave it. Obtained from {@link ManagerBackend#open}.
 *
 * <p>Safe to use from any thread.
 */
public interface ManagedSession extends AutoCloseable {

    UserExecutionContext context();

    Connection connection();

    /** The manager the connection is registered with. */
    UserWebSocketManager manager();

    /**
     * The manager an agent run started from this session emits through, obtained as the
     * creation path's callers do: the session's own manager for direct instantiation, the
     * registry's or factory's manager for {@code run} otherwise.
     *
     * @param run the run's context: same user and thread as the session, its own run id
     */
    UserWebSocketManager managerForRun(UserExecutionContext run);

    /** Unregisters the connection. Idempotent. */
    @Override
    void close();
}
