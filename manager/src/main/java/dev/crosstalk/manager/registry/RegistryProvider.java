package dev.crosstalk.manager.registry;

import dev.crosstalk.manager.Connection;
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

/** {@code registry}: one manager per user from {@link WebSocketManagerRegistry}. */
public final class RegistryProvider implements ManagerProvider {

    public static final String NAME = "registry";

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
        return "per-user registry: getWebSocketManager(context) returns the user's one manager, created atomically";
    }

    @Override
    public Optional<FailureClass> failureClass() {
        return Optional.empty();
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return new Backend(new WebSocketManagerRegistry(options));
    }

    private static final class Backend implements ManagerBackend {
        private final WebSocketManagerRegistry registry;

        Backend(WebSocketManagerRegistry registry) {
            this.registry = registry;
        }

        @Override
        public Sharing sharing() {
            return Sharing.PER_USER;
        }

        @Override
        public Optional<Object> entryPoint() {
            return Optional.of(registry);
        }

        @Override
        public UserWebSocketManager obtain(UserExecutionContext context) {
            return registry.getWebSocketManager(context);
        }

        @Override
        public ManagedSession open(UserExecutionContext context, Connection connection, Runnable onReady) {
            UserWebSocketManager manager = registry.getWebSocketManager(context);
            manager.addConnection(connection);
            onReady.run();
            return new SimpleManagedSession(context, connection, manager, registry::getWebSocketManager);
        }

        @Override
        public int evictIdle() {
            return 0;
        }

        @Override
        public int managerCount() {
            return registry.size();
        }

        @Override
        public void close() {
            registry.clear();
        }
    }
}
