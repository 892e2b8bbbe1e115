package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.IsolationViolationException;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.SimpleManagedSession;

import java.util.Objects;

/**
 * What the defects' backends share with the correct registry and factory backends: a session
 * registers its connection with {@link #obtain}'s manager, then announces it ready, and its
 * runs emit through {@link #obtain} of the run's context. No eviction unless overridden.
 */
abstract class DefectBackend implements ManagerBackend {

    protected final BackendOptions options;

    DefectBackend(BackendOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public ManagedSession open(UserExecutionContext context, Connection connection, Runnable onReady) {
        requireSameUser(context, connection);
        UserWebSocketManager manager = obtain(context);
        manager.addConnection(connection);
        onReady.run();
        return session(context, connection, manager);
    }

    /** The session of a registered connection; its runs resolve through {@link #obtain}. */
    protected ManagedSession session(UserExecutionContext context, Connection connection,
                                     UserWebSocketManager manager) {
        return new SimpleManagedSession(context, connection, manager, this::obtain);
    }

    @Override
    public int evictIdle() {
        return 0;
    }

    /** The SPI's contract for {@link #open}, for managers that would not check it themselves. */
    static void requireSameUser(UserExecutionContext context, Connection connection) {
        if (!connection.userId().equals(context.userId())) {
            throw new IsolationViolationException("connection " + connection.connectionId() + " of user "
                    + connection.userId() + " cannot open a session of user " + context.userId());
        }
    }
}
