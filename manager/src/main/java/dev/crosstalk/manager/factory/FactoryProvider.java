package dev.crosstalk.manager.factory;

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

/**
 * {@code factory}: the deprecated path. Callers reach the factory through the lazily created,
 * process-wide {@link #getWebSocketManagerFactory()} and call
 * {@link WebSocketManagerFactory#createManager} for every session and every run.
 */
public final class FactoryProvider implements ManagerProvider {

    public static final String NAME = "factory";

    /** The one deprecation warning the factory's first use logs. */
    public static final String DEPRECATION_WARNING = "getWebSocketManagerFactory() is deprecated:"
            + " instantiate WebSocketManager(context) directly or use WebSocketManagerRegistry";

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
        return "deprecated factory: lazy singleton, managers keyed by userId:threadId, per-user limit with idle eviction";
    }

    @Override
    public Optional<FailureClass> failureClass() {
        return Optional.empty();
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return new Backend(options);
    }

    /**
     * One "process" of the factory path. The singleton is initialised with the
     * initialisation-on-demand idiom's runtime cousin: double-checked locking over a volatile
     * field, so that every thread sees one fully constructed factory and the warning is logged
     * once.
     */
    static final class Backend implements ManagerBackend {
        private final BackendOptions options;
        private final Object lock = new Object();
        private volatile WebSocketManagerFactory factory;

        Backend(BackendOptions options) {
            this.options = options;
        }

        /** The process-wide factory, created (and the deprecation logged) on first use. */
        WebSocketManagerFactory getWebSocketManagerFactory() {
            WebSocketManagerFactory f = factory;
            if (f == null) {
                synchronized (lock) {
                    f = factory;
                    if (f == null) {
                        options.warnings().accept(DEPRECATION_WARNING);
                        f = new WebSocketManagerFactory(options);
                        factory = f;
                    }
                }
            }
            return f;
        }

        @Override
        public Sharing sharing() {
            return Sharing.PER_ISOLATION_KEY;
        }

        @Override
        public Optional<Object> entryPoint() {
            return Optional.of(getWebSocketManagerFactory());
        }

        @Override
        public UserWebSocketManager obtain(UserExecutionContext context) {
            return getWebSocketManagerFactory().createManager(context);
        }

        @Override
        public ManagedSession open(UserExecutionContext context, Connection connection, Runnable onReady) {
            UserWebSocketManager manager = getWebSocketManagerFactory().createManager(context);
            manager.addConnection(connection);
            onReady.run();
            return new SimpleManagedSession(context, connection, manager,
                    run -> getWebSocketManagerFactory().createManager(run));
        }

        @Override
        public int evictIdle() {
            return getWebSocketManagerFactory().evictIdle();
        }

        @Override
        public int managerCount() {
            WebSocketManagerFactory f = factory;
            return f == null ? 0 : f.stats().managers();
        }

        @Override
        public void close() {
            WebSocketManagerFactory f = factory;
            if (f != null) {
                f.shutdown();
            }
        }
    }
}
