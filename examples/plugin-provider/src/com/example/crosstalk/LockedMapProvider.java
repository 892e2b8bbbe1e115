package com.example.crosstalk;

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
import dev.crosstalk.manager.ssot.WebSocketManager;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal plugin: one manager per user, kept in a map guarded by a lock. Build it against
 * crosstalk-manager's jar, list it in META-INF/services, and select it with
 * {@code ./crosstalk stress --plugin example.jar --manager example.locked-map}.
 */
public final class LockedMapProvider implements ManagerProvider {

    @Override
    public String name() {
        return "example.locked-map";
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.CORRECT;
    }

    @Override
    public String description() {
        return "example plugin: one manager per user in a synchronized map";
    }

    @Override
    public Optional<FailureClass> failureClass() {
        return Optional.empty();
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        Map<String, WebSocketManager> byUser = new HashMap<>(); // guarded by itself
        return new ManagerBackend() {
            @Override
            public Sharing sharing() {
                return Sharing.PER_USER;
            }

            @Override
            public Optional<Object> entryPoint() {
                return Optional.of(byUser);
            }

            @Override
            public UserWebSocketManager obtain(UserExecutionContext context) {
                synchronized (byUser) {
                    return byUser.computeIfAbsent(context.userId(), u -> new WebSocketManager(context, options));
                }
            }

            @Override
            public ManagedSession open(UserExecutionContext context, Connection connection, Runnable onReady) {
                UserWebSocketManager manager = obtain(context);
                manager.addConnection(connection); // register first ...
                onReady.run();                     // ... then tell the client it may start runs
                return new SimpleManagedSession(context, connection, manager, this::obtain);
            }

            @Override
            public int evictIdle() {
                return 0;
            }

            @Override
            public int managerCount() {
                synchronized (byUser) {
                    return byUser.size();
                }
            }

            @Override
            public void close() {
                synchronized (byUser) {
                    byUser.values().forEach(WebSocketManager::close);
                    byUser.clear();
                }
            }
        };
    }
}
