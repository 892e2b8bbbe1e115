package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.Sharing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

/**
 * The {@code registry} path for the defects: one manager per user id, created atomically on
 * first use by {@link #newManager} (what the correct
 * {@link dev.crosstalk.manager.registry.WebSocketManagerRegistry} does). A defect passes the
 * constructor of its defective manager, or overrides {@link #obtain} to break the get-or-create
 * itself.
 */
class PerUserBackend extends DefectBackend {

    /** The registry: user id to that user's one manager. */
    protected final ConcurrentMap<String, UserWebSocketManager> managers = new ConcurrentHashMap<>();

    private final BiFunction<UserExecutionContext, BackendOptions, UserWebSocketManager> newManager;

    /** @param newManager builds a new manager for the user of a context, bound to that first context */
    PerUserBackend(BackendOptions options,
                   BiFunction<UserExecutionContext, BackendOptions, UserWebSocketManager> newManager) {
        super(options);
        this.newManager = Objects.requireNonNull(newManager, "newManager");
    }

    /** A new manager for the user of {@code context}, bound to that first context. */
    protected UserWebSocketManager newManager(UserExecutionContext context) {
        return newManager.apply(context, options);
    }

    @Override
    public Sharing sharing() {
        return Sharing.PER_USER;
    }

    @Override
    public Optional<Object> entryPoint() {
        return Optional.of(managers);
    }

    @Override
    public UserWebSocketManager obtain(UserExecutionContext context) {
        return managers.computeIfAbsent(context.userId(), user -> newManager(context));
    }

    @Override
    public int managerCount() {
        return managers.size();
    }

    @Override
    public void close() {
        List<UserWebSocketManager> all = List.copyOf(managers.values());
        managers.clear();
        all.forEach(UserWebSocketManager::close);
    }
}
