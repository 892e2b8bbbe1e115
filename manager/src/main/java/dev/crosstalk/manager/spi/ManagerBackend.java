package dev.crosstalk.manager.spi;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;

import java.util.Optional;

/**
 * One running instance of a creation path: what would be process-wide in a backend (the
 * factory singleton, the registry, a global queue) lives in one backend, so that every JCStress
 * sample, benchmark and test starts from a fresh "process" and no state outlives it.
 *
 * <p>Safe for concurrent use unless the provider is a seeded defect that says otherwise.
 */
public interface ManagerBackend extends AutoCloseable {

    /** How this path shares managers between callers. */
    Sharing sharing();

    /**
     * The process-wide object managers are obtained through (the factory, the registry), created
     * lazily on first call where the path does so; empty for direct instantiation, which has none.
     * Two calls must return the same instance.
     */
    Optional<Object> entryPoint();

    /** The manager for {@code context}, obtained exactly as the path's callers obtain it. */
    UserWebSocketManager obtain(UserExecutionContext context);

    /**
     * Opens a session the way a WebSocket handler does: obtains the manager for {@code context},
     * registers {@code connection} with it, then calls {@code onReady} (where a server sends
     * {@code connection_established}, after which the client may start runs).
     *
     * @throws dev.crosstalk.manager.IsolationViolationException if the connection's user is not the context's
     */
    ManagedSession open(UserExecutionContext context, Connection connection, Runnable onReady);

    /**
     * Evicts the managers this path considers idle (no connections, idle longer than the
     * configured threshold); evicted managers are closed.
     *
     * @return how many were evicted; always 0 for paths without eviction
     */
    int evictIdle();

    /** How many managers this backend holds now (0 for paths that hold none). */
    int managerCount();

    /** Closes every manager this backend holds. */
    @Override
    void close();
}
