package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.IsolationViolationException;
import dev.crosstalk.manager.ManagerClosedException;
import dev.crosstalk.manager.ManagerStats;
import dev.crosstalk.manager.RecoveryQueue;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The manager the seeded defects bend. Left alone it behaves like the {@code ssot}
 * {@link dev.crosstalk.manager.ssot.WebSocketManager} (which is final): one lock guards the
 * connections, the recovery queues and the counters; registering drains the queue; a closed
 * manager refuses sends loudly. Each defect overrides exactly one of the protected extension
 * points below, so that the seeded change is visible as one small method.
 *
 * <p>It keeps a <em>per-user connection map</em> (user id to that user's connections) and one
 * recovery queue per user: a manager bound to one user has a single entry, the shared managers
 * of {@code shared-singleton-manager} and {@code masked-leak} have one per user.
 */
abstract class DefectManager implements UserWebSocketManager {

    /** Where an event goes: the connections of {@code user} that follow {@code thread} (null: all). */
    record Route(String user, String thread) {
    }

    /** Runs a block under a lock, or under none (the {@code unsynchronized-connections} defect). */
    interface Guard {
        <T> T call(Supplier<T> body);

        default void run(Runnable body) {
            call(() -> {
                body.run();
                return null;
            });
        }

        /** Every block holds {@code lock}'s monitor. */
        static Guard monitor(Object lock) {
            return new Guard() {
                @Override
                public <T> T call(Supplier<T> body) {
                    synchronized (lock) {
                        return body.get();
                    }
                }
            };
        }

        /** No lock at all. */
        Guard NONE = new Guard() {
            @Override
            public <T> T call(Supplier<T> body) {
                return body.get();
            }
        };
    }

    static final String AGENT_NAME = "crosstalk-agent";

    protected final BackendOptions options;
    private final Guard guard;

    // Guarded by "guard".
    private final Map<String, Map<String, Connection>> connectionsByUser = new HashMap<>();
    private final Map<String, RecoveryQueue> queues = new HashMap<>();
    private long sent;
    private long queued;
    private long violations;
    private long lastActivityMillis;
    private boolean closed;

    /** A manager whose state is guarded by its own monitor, as the correct manager's is. */
    DefectManager(BackendOptions options) {
        this(options, null);
    }

    /** @param guard what guards the state; null for this manager's own monitor */
    DefectManager(BackendOptions options, Guard guard) {
        this.options = Objects.requireNonNull(options, "options");
        this.guard = guard == null ? Guard.monitor(this) : guard;
        this.lastActivityMillis = options.clock().millis();
    }

    // ---- extension points: the defects override one each ------------------------------------

    /** Whether {@code userId} may be served by this manager (connections, sends). */
    protected boolean accepts(String userId) {
        UserExecutionContext context = context();
        return context != null && context.userId().equals(userId);
    }

    /** Where {@code sendToUser(userId, event)} delivers. */
    protected Route routeToUser(String userId, AgentEvent event) {
        return new Route(userId, null);
    }

    /** Where {@code sendToThread(threadId, event)} delivers: this user's connections following the thread. */
    protected Route routeToThread(String threadId, AgentEvent event) {
        return new Route(context().userId(), threadId);
    }

    /** Called on the sending thread before it takes the lock and routes. */
    protected void beforeRouting() {
    }

    /** Called (under the guard) after an event was written to one connection, before the next. */
    protected void afterDeliveryTo(Connection connection) {
    }

    /** The event as written to {@code receiver}. */
    protected AgentEvent outgoing(AgentEvent event, Connection receiver) {
        return event;
    }

    /** Whether registering a connection drains its user's recovery queue into it. */
    protected boolean drainsOnRegister() {
        return true;
    }

    /** Whether a send through a closed manager is dropped silently instead of refused loudly. */
    protected boolean dropsWhenClosed() {
        return false;
    }

    /** A new recovery queue for {@code userId}. */
    protected RecoveryQueue newQueue(String userId) {
        return new RecoveryQueue(options.recoveryQueueCapacity());
    }

    // ---- the manager ----------------------------------------------------------------------

    @Override
    public void addConnection(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        guard.run(() -> {
            if (!accepts(connection.userId())) {
                violations++;
                throw new IsolationViolationException("connection " + connection.connectionId() + " of user "
                        + connection.userId() + " cannot be registered with " + this);
            }
            failIfClosed("addConnection");
            connectionsByUser.computeIfAbsent(connection.userId(), u -> new LinkedHashMap<>())
                    .put(connection.connectionId(), connection);
            lastActivityMillis = options.clock().millis();
            if (drainsOnRegister()) {
                for (AgentEvent event : queueOf(connection.userId()).drain()) {
                    deliver(new Route(connection.userId(), null), event);
                }
            }
        });
    }

    @Override
    public void removeConnection(String connectionId) {
        guard.run(() -> {
            connectionsByUser.values().forEach(byId -> byId.remove(connectionId));
            connectionsByUser.values().removeIf(Map::isEmpty);
            lastActivityMillis = options.clock().millis();
        });
    }

    @Override
    public void sendToUser(String userId, AgentEvent event) {
        Objects.requireNonNull(event, "event");
        beforeRouting();
        guard.run(() -> {
            if (!accepts(userId) || !accepts(event.userId())) {
                violations++;
                throw new IsolationViolationException(this + " refused an event for user " + userId
                        + " (event user_id " + event.userId() + ")");
            }
            if (!refusesSend("sendToUser")) {
                deliver(routeToUser(userId, event), event);
            }
        });
    }

    @Override
    public void sendToThread(String threadId, AgentEvent event) {
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(event, "event");
        beforeRouting();
        guard.run(() -> {
            if (!accepts(event.userId())) {
                violations++;
                throw new IsolationViolationException(this + " refused an event whose user_id is "
                        + event.userId());
            }
            if (!refusesSend("sendToThread")) {
                deliver(routeToThread(threadId, event), event);
            }
        });
    }

    @Override
    public AgentEvent emitCriticalEvent(String type, Map<String, Object> data) {
        UserExecutionContext context = context();
        AgentEvent event = AgentEvent.of(context, type, AGENT_NAME, options.clock().millis(), data);
        sendToUser(context.userId(), event);
        return event;
    }

    @Override
    public boolean isConnectionActive() {
        return guard.call(() -> connectionsByUser.values().stream()
                .flatMap(byId -> byId.values().stream())
                .anyMatch(c -> c.sink().isOpen()));
    }

    @Override
    public ManagerStats stats() {
        return guard.call(() -> {
            Set<RecoveryQueue> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.addAll(queues.values());
            long dropped = distinct.stream().mapToLong(RecoveryQueue::dropped).sum();
            int pending = distinct.stream().mapToInt(RecoveryQueue::size).sum();
            return new ManagerStats(sent, queued, dropped, violations, connectionCount(), pending);
        });
    }

    @Override
    public void close() {
        guard.run(() -> {
            closed = true;
            connectionsByUser.clear();
        });
    }

    @Override
    public boolean isClosed() {
        return guard.call(() -> closed);
    }

    /** Whether this manager holds no connection. */
    boolean hasNoConnection() {
        return guard.call(() -> connectionCount() == 0);
    }

    /**
     * The correct eviction rule, as {@link dev.crosstalk.manager.ssot.WebSocketManager#isEvictable}:
     * no connection, nothing queued, and no activity for {@code idleMillis}.
     */
    boolean isEvictable(long nowMillis, long idleMillis) {
        return guard.call(() -> !closed && connectionCount() == 0 && queues.values().stream()
                .allMatch(q -> q.size() == 0) && nowMillis - lastActivityMillis >= idleMillis);
    }

    // Caller holds the guard.
    private int connectionCount() {
        return connectionsByUser.values().stream().mapToInt(Map::size).sum();
    }

    // Caller holds the guard.
    private RecoveryQueue queueOf(String userId) {
        return queues.computeIfAbsent(userId, this::newQueue);
    }

    // Caller holds the guard. True when the send must be skipped (closed, silently dropping).
    private boolean refusesSend(String operation) {
        if (closed && dropsWhenClosed()) {
            return true;
        }
        failIfClosed(operation);
        return false;
    }

    private void failIfClosed(String operation) {
        if (closed) {
            throw new ManagerClosedException(operation + " on the closed " + this);
        }
    }

    // Caller holds the guard.
    private void deliver(Route route, AgentEvent event) {
        lastActivityMillis = options.clock().millis();
        boolean delivered = false;
        for (Connection c : connectionsByUser.getOrDefault(route.user(), Map.of()).values()) {
            if ((route.thread() != null && !c.follows(route.thread())) || !c.sink().isOpen()) {
                continue;
            }
            try {
                c.sink().send(outgoing(event, c));
                sent++;
                delivered = true;
            } catch (RuntimeException sinkClosedMeanwhile) {
                // The transport went away between isOpen() and send(): treat it as not open.
            }
            afterDeliveryTo(c);
        }
        if (!delivered) {
            queued++;
            queueOf(route.user()).offer(event);
        }
    }

    @Override
    public String toString() {
        UserExecutionContext context = context();
        return getClass().getSimpleName() + "[" + (context == null ? "unbound" : context.userId()) + "]@"
                + Integer.toHexString(System.identityHashCode(this));
    }
}
