package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.TooManyManagersException;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.factory.WebSocketManagerFactory.IsolationKey;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.ManagerBackend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deprecated factory, rebuilt for the defects that change it: with the default
 * {@link Policy} it behaves like {@link dev.crosstalk.manager.factory.WebSocketManagerFactory}
 * (managers keyed by the collision-free {@link IsolationKey} (user, thread), a per-user limit, idle
 * eviction of managers without connection, queued events or recent activity, evicted managers
 * closed). A defect's policy overrides one decision. The key is the correct factory's, not the
 * reference's joined {@code userId:threadId} string, so that a defect is caught for its seeded change
 * only: with the joined key, adversarial ids ({@code u:x} + {@code t} vs {@code u} + {@code x:t}) made
 * every factory defect refuse sessions whatever its own change was.
 */
final class DefectFactory implements ManagerFactory {

    /** The decisions a defect may change. */
    interface Policy {
        /** A new isolated manager for {@code context}. */
        default DefectManager newManager(UserExecutionContext context, BackendOptions options) {
            return new IsolatedManager(context, options);
        }

        /** The key a new manager is registered under. */
        default IsolationKey registerKey(UserExecutionContext context) {
            return IsolationKey.of(context);
        }

        /** The key an existing manager is looked up under. */
        default IsolationKey lookupKey(UserExecutionContext context) {
            return IsolationKey.of(context);
        }

        /** Whether idle eviction may remove {@code manager} at {@code nowMillis}. */
        default boolean evictable(DefectManager manager, long nowMillis, long idleMillis) {
            return manager.isEvictable(nowMillis, idleMillis);
        }
    }

    private final BackendOptions options;
    private final Policy policy;
    private final ConcurrentHashMap<IsolationKey, DefectManager> managers = new ConcurrentHashMap<>();
    // Guarded by "this": managers created and not yet removed, per user (orphans included).
    private final Map<String, Integer> perUser = new HashMap<>();

    DefectFactory(BackendOptions options, Policy policy) {
        this.options = Objects.requireNonNull(options, "options");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** A {@code factory} path backend whose lazily created factory follows {@code policy}. */
    static ManagerBackend backend(BackendOptions options, Policy policy) {
        return new FactoryBackend(options, o -> new DefectFactory(o, policy));
    }

    @Override
    public DefectManager createManager(UserExecutionContext context) {
        IsolationKey key = policy.lookupKey(context);
        DefectManager existing = managers.get(key);
        if (existing != null && !existing.isClosed()) {
            return existing;
        }
        synchronized (this) {
            existing = managers.get(key);
            if (existing != null && !existing.isClosed()) {
                return existing;
            }
            String user = context.userId();
            if (perUser.getOrDefault(user, 0) >= options.maxManagersPerUser()) {
                evictIdleOf(user);
            }
            int held = perUser.getOrDefault(user, 0);
            if (held >= options.maxManagersPerUser()) {
                throw new TooManyManagersException("too many managers for user " + user + ": " + held
                        + " of at most " + options.maxManagersPerUser() + " are held and none is evictable");
            }
            DefectManager manager = policy.newManager(context, options);
            managers.put(policy.registerKey(context), manager);
            perUser.merge(user, 1, Integer::sum);
            return manager;
        }
    }

    /** Closes and forgets the manager registered under {@code isolationKey}; returns whether there was one. */
    synchronized boolean cleanupManager(IsolationKey isolationKey) {
        DefectManager removed = managers.remove(isolationKey);
        if (removed == null) {
            return false;
        }
        forget(removed.context().userId());
        removed.close();
        return true;
    }

    @Override
    public synchronized int evictIdle() {
        int n = 0;
        for (String user : List.copyOf(perUser.keySet())) {
            n += evictIdleOf(user);
        }
        return n;
    }

    /** Managers created and not removed, orphans (no longer reachable by key) included. */
    @Override
    public synchronized int managerCount() {
        return perUser.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public synchronized void shutdown() {
        managers.values().forEach(DefectManager::close);
        managers.clear();
        perUser.clear();
    }

    // Caller holds the lock.
    private int evictIdleOf(String user) {
        long now = options.clock().millis();
        long idle = options.idleEvictionAfter().toMillis();
        List<IsolationKey> victims = new ArrayList<>();
        managers.forEach((key, m) -> {
            if (m.context().userId().equals(user) && policy.evictable(m, now, idle)) {
                victims.add(key);
            }
        });
        victims.forEach(key -> {
            managers.remove(key).close();
            forget(user);
        });
        return victims.size();
    }

    // Caller holds the lock.
    private void forget(String user) {
        perUser.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
    }
}
