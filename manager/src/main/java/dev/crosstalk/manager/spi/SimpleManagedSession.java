package dev.crosstalk.manager.spi;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A {@link ManagedSession} for the common case: a connection registered with one manager, runs
 * resolved by a function the creation path supplies. Providers, plugins included, may reuse it.
 */
public final class SimpleManagedSession implements ManagedSession {

    private final UserExecutionContext context;
    private final Connection connection;
    private final UserWebSocketManager manager;
    private final Function<UserExecutionContext, UserWebSocketManager> runManager;
    private final AtomicBoolean closed = new AtomicBoolean();

    public SimpleManagedSession(UserExecutionContext context, Connection connection, UserWebSocketManager manager,
                                Function<UserExecutionContext, UserWebSocketManager> runManager) {
        this.context = Objects.requireNonNull(context, "context");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.runManager = Objects.requireNonNull(runManager, "runManager");
    }

    @Override
    public UserExecutionContext context() {
        return context;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public UserWebSocketManager manager() {
        return manager;
    }

    @Override
    public UserWebSocketManager managerForRun(UserExecutionContext run) {
        return runManager.apply(run);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            manager.removeConnection(connection.connectionId());
        }
    }
}
