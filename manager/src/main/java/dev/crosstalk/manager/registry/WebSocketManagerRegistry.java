package dev.crosstalk.manager.registry;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.ssot.WebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The per-user registry the reference backend added after the migration:
 * {@link #getWebSocketManager} returns the one manager of {@code context.userId()}, created
 * atomically on first use. {@link ConcurrentHashMap#computeIfAbsent} runs the creation at most
 * once per key, so no interleaving yields two managers for one user (the
 * {@code check-then-act-registry} defect is this method written as get-then-put).
 *
 * <p>Thread-safe.
 */
public final class WebSocketManagerRegistry {

    private final BackendOptions options;
    private final ConcurrentMap<String, WebSocketManager> managers = new ConcurrentHashMap<>();

    public WebSocketManagerRegistry(BackendOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The manager of {@code context.userId()}, created on first use and bound to that first context. */
    public WebSocketManager getWebSocketManager(UserExecutionContext context) {
        WebSocketManager m = managers.computeIfAbsent(context.userId(), user -> new WebSocketManager(context, options));
        if (!m.isClosed()) {
            return m;
        }
        // Closed by a caller: replace it atomically (compute runs once per key at a time), so the
        // user is not refused forever, and two callers still get one replacement.
        return managers.compute(context.userId(),
                (user, current) -> current == null || current.isClosed() ? new WebSocketManager(context, options) : current);
    }

    /** How many users have a manager. */
    public int size() {
        return managers.size();
    }

    /** Closes and forgets every manager. */
    public void clear() {
        List<WebSocketManager> all = List.copyOf(managers.values());
        managers.clear();
        all.forEach(WebSocketManager::close);
    }
}
