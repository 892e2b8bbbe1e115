package dev.crosstalk.manager.factory;

import dev.crosstalk.manager.TooManyManagersException;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.ssot.WebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The deprecated compatibility factory, kept because callers still use it. It keys managers by
 * the isolation key (user, thread) and limits each user to
 * {@link BackendOptions#maxManagersPerUser()} managers: at the limit it first evicts that user's
 * managers that have no connection and have been idle longer than
 * {@link BackendOptions#idleEvictionAfter()}, and only then refuses with
 * {@link TooManyManagersException}.
 *
 * <p>Thread-safety: lookups of an existing key are lock-free; creation, eviction and cleanup
 * hold the factory's lock, so the per-user count is never exceeded and a key never gets two
 * managers. An evicted manager is closed: a run still holding it fails loudly
 * ({@link dev.crosstalk.manager.ManagerClosedException}) rather than losing events silently.
 */
public final class WebSocketManagerFactory {

    /**
     * The isolation key: one manager per user and thread. A record, not the joined string
     * {@code userId + ":" + threadId} the reference used: ids may contain ':', and user {@code u:x} on
     * thread {@code t} and user {@code u} on thread {@code x:t} join to the same string, so the second
     * user was handed the first one's manager (which refused the foreign connection: a legitimate user
     * denied service; found by the load driver's adversarial ids). Its {@link #toString()} is the joined
     * form, for messages only.
     */
    public record IsolationKey(String userId, String threadId) {

        public IsolationKey {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(threadId, "threadId");
        }

        public static IsolationKey of(UserExecutionContext context) {
            return new IsolationKey(context.userId(), context.threadId());
        }

        @Override
        public String toString() {
            return userId + ":" + threadId;
        }
    }

    /** Counters of one factory; a value. */
    public record Stats(int managers, int users, long created, long reused, long evicted, long refused) {
    }

    private final BackendOptions options;
    private final ConcurrentHashMap<IsolationKey, WebSocketManager> managers = new ConcurrentHashMap<>();
    // Guarded by "this".
    private final Map<String, Integer> perUser = new HashMap<>();
    private long created;
    private long evicted;
    private long refused;
    private final LongAdder reused = new LongAdder();

    public WebSocketManagerFactory(BackendOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The manager for {@code context}'s isolation key: the existing one, or a new isolated
     * manager bound to {@code context}.
     *
     * @throws TooManyManagersException if the user holds the maximum and none is evictable
     */
    public WebSocketManager createManager(UserExecutionContext context) {
        IsolationKey key = IsolationKey.of(context);
        WebSocketManager existing = managers.get(key);
        // touchIfOpen: handing a manager out is activity, so eviction will not close it under the caller.
        if (existing != null && existing.touchIfOpen()) {
            reused.increment();
            return existing;
        }
        synchronized (this) {
            existing = managers.get(key);
            if (existing != null && existing.touchIfOpen()) {
                reused.increment();
                return existing;
            }
            String user = context.userId();
            if (existing != null) {
                // Closed by its caller: replace it, and stop counting it against the user's limit.
                managers.remove(key);
                forget(user);
            }
            if (perUser.getOrDefault(user, 0) >= options.maxManagersPerUser()) {
                evictIdleOf(user);
            }
            int held = perUser.getOrDefault(user, 0);
            if (held >= options.maxManagersPerUser()) {
                refused++;
                throw new TooManyManagersException("too many managers for user " + user + ": " + held
                        + " of at most " + options.maxManagersPerUser() + " are held and none is evictable"
                        + " (evictable = no connection and idle for " + options.idleEvictionAfter() + ")");
            }
            WebSocketManager manager = new WebSocketManager(context, options);
            managers.put(key, manager);
            perUser.merge(user, 1, Integer::sum);
            created++;
            return manager;
        }
    }

    /** Closes and forgets the manager of {@code isolationKey}; returns whether there was one. */
    public synchronized boolean cleanupManager(IsolationKey isolationKey) {
        WebSocketManager removed = managers.remove(isolationKey);
        if (removed == null) {
            return false;
        }
        forget(removed.context().userId());
        removed.close();
        return true;
    }

    /** Evicts every idle manager, of every user; returns how many. */
    public synchronized int evictIdle() {
        int n = 0;
        for (String user : List.copyOf(perUser.keySet())) {
            n += evictIdleOf(user);
        }
        return n;
    }

    public synchronized Stats stats() {
        return new Stats(managers.size(), perUser.size(), created, reused.sum(), evicted, refused);
    }

    /** How many managers {@code userId} holds. */
    public synchronized int managerCount(String userId) {
        return perUser.getOrDefault(userId, 0);
    }

    /** Closes and forgets every manager. */
    public synchronized void shutdown() {
        managers.values().forEach(WebSocketManager::close);
        managers.clear();
        perUser.clear();
    }

    // Caller holds the lock.
    private int evictIdleOf(String user) {
        long now = options.clock().millis();
        long idle = options.idleEvictionAfter().toMillis();
        List<IsolationKey> victims = new ArrayList<>();
        // Check and close atomically per manager (closeIfEvictable): a send racing the eviction either
        // lands before it (the queue is then not empty and the manager stays) or fails loudly after it.
        managers.forEach((key, m) -> {
            if (m.context().userId().equals(user) && m.closeIfEvictable(now, idle)) {
                victims.add(key);
            }
        });
        for (IsolationKey key : victims) {
            managers.remove(key);
            forget(user);
            evicted++;
        }
        return victims.size();
    }

    // Caller holds the lock.
    private void forget(String user) {
        perUser.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
    }
}
