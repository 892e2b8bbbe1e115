package dev.crosstalk.manager.ssot;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.IsolationViolationException;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ProviderKind;
import dev.crosstalk.manager.spi.Sharing;
import dev.crosstalk.manager.spi.SimpleManagedSession;

import java.util.Optional;

/**
 * {@code ssot}: direct instantiation. Every obtain is {@code new WebSocketManager(context)}; the
 * caller owns the instance and passes it on. A session's runs emit through the session's own
 * manager, exactly as the migrated reference backend hands its instance to the agent.
 */
public final class SsotProvider implements ManagerProvider {

    public static final String NAME = "ssot";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.CORRECT;
    }

    @Override
    public String description() {
        return "direct instantiation: new WebSocketManager(context), one manager bound to one user";
    }

    @Override
    public Optional<FailureClass> failureClass() {
        return Optional.empty();
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return new Backend(options);
    }

    /** Holds nothing: direct instantiation has no process-wide state. */
    private static final class Backend implements ManagerBackend {
        private final BackendOptions options;

        Backend(BackendOptions options) {
            this.options = options;
        }

        @Override
        public Sharing sharing() {
            return Sharing.PER_CALL;
        }

        @Override
        public Optional<Object> entryPoint() {
            return Optional.empty();
        }

        @Override
        public UserWebSocketManager obtain(UserExecutionContext context) {
            return new WebSocketManager(context, options);
        }

        @Override
        public ManagedSession open(UserExecutionContext context, Connection connection, Runnable onReady) {
            WebSocketManager manager = new WebSocketManager(context, options);
            manager.addConnection(connection);
            onReady.run();
            return new SimpleManagedSession(context, connection, manager, run -> {
                if (!run.userId().equals(context.userId())) {
                    throw new IsolationViolationException("a run of user " + run.userId()
                            + " cannot use the session manager of user " + context.userId());
                }
                return manager;
            });
        }

        @Override
        public int evictIdle() {
            return 0;
        }

        @Override
        public int managerCount() {
            return 0;
        }

        @Override
        public void close() {
            // Nothing held: each manager belongs to its caller.
        }
    }
}
