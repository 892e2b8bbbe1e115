package dev.crosstalk.manager.ssot;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.IsolationViolationException;
import dev.crosstalk.manager.ManagerClosedException;
import dev.crosstalk.manager.ManagerStats;
import dev.crosstalk.manager.RecoveryQueue;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The single-source-of-truth manager: {@code new WebSocketManager(context)} binds one manager to
 * exactly one user, as the reference backend's {@code WebSocketManager(user_context=context)}.
 * Every creation path's managers are instances of this class; the defects change how they are
 * created, shared or called, not this class.
 *
 * <p>Thread-safety: one intrinsic lock guards the connections, the recovery queue and the
 * counters, and delivery happens under it. That makes "register, then drain the queue" atomic
 * with respect to sends (an event is either queued before the drain or delivered after the
 * registration, never stranded in between) and keeps a user's events in the order they were
 * sent. Sinks must therefore not block (a Netty channel write does not).
 */
public final class WebSocketManager implements UserWebSocketManager {

    private final UserExecutionContext context;
    private final Clock clock;
    private final String agentName;

    // Guarded by "this".
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final RecoveryQueue recoveryQueue;
    private long sent;
    private long queued;
    private long violations;
    private long lastActivityMillis;
    private boolean closed;

    /** A manager for {@code context} with the spec's default limits. */
    public WebSocketManager(UserExecutionContext context) {
        this(context, BackendOptions.defaults());
    }

    public WebSocketManager(UserExecutionContext context, BackendOptions options) {
        this.context = Objects.requireNonNull(context, "context");
        this.clock = options.clock();
        this.recoveryQueue = new RecoveryQueue(options.recoveryQueueCapacity());
        this.agentName = "crosstalk-agent";
        this.lastActivityMillis = clock.millis();
        ExtraWork.spend();   // 0 unless the system under test is slowed on purpose (ExtraWork)
    }

    @Override
    public UserExecutionContext context() {
        return context;
    }

    @Override
    public synchronized void addConnection(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        if (!connection.userId().equals(context.userId())) {
            violations++;
            throw new IsolationViolationException("connection " + connection.connectionId() + " of user "
                    + connection.userId() + " cannot be registered with the manager of user " + context.userId());
        }
        failIfClosed("addConnection");
        connections.put(connection.connectionId(), connection);
        lastActivityMillis = clock.millis();
        for (AgentEvent event : recoveryQueue.drain()) {
            deliver(event, c -> true);
        }
    }

    @Override
    public synchronized void removeConnection(String connectionId) {
        connections.remove(connectionId);
        lastActivityMillis = clock.millis();
    }

    @Override
    public synchronized void sendToUser(String userId, AgentEvent event) {
        Objects.requireNonNull(event, "event");
        if (!context.userId().equals(userId) || !context.userId().equals(event.userId())) {
            violations++;
            throw new IsolationViolationException("the manager of user " + context.userId()
                    + " refused an event for user " + userId + " (event user_id " + event.userId() + ")");
        }
        failIfClosed("sendToUser");
        deliver(event, c -> true);
    }

    @Override
    public synchronized void sendToThread(String threadId, AgentEvent event) {
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(event, "event");
        if (!context.userId().equals(event.userId())) {
            violations++;
            throw new IsolationViolationException("the manager of user " + context.userId()
                    + " refused an event whose user_id is " + event.userId());
        }
        failIfClosed("sendToThread");
        deliver(event, c -> c.follows(threadId));
    }

    @Override
    public AgentEvent emitCriticalEvent(String type, Map<String, Object> data) {
        AgentEvent event = AgentEvent.of(context, type, agentName, clock.millis(), data);
        sendToUser(context.userId(), event);
        return event;
    }

    @Override
    public synchronized boolean isConnectionActive() {
        for (Connection c : connections.values()) {
            if (c.sink().isOpen()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized ManagerStats stats() {
        return new ManagerStats(sent, queued, recoveryQueue.dropped(), violations, connections.size(),
                recoveryQueue.size());
    }

    @Override
    public synchronized void close() {
        closed = true;
        connections.clear();
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Whether this manager may be evicted at {@code nowMillis}: no connection, nothing waiting in
     * the recovery queue (evicting it would silently lose those events), and no activity for
     * {@code idleMillis}. Eviction itself is the caller's; it must {@link #close()} the manager
     * so that a run still holding it fails loudly instead of losing events.
     */
    public synchronized boolean isEvictable(long nowMillis, long idleMillis) {
        return !closed && connections.isEmpty() && recoveryQueue.size() == 0
                && nowMillis - lastActivityMillis >= idleMillis;
    }

    /**
     * Closes this manager if it {@linkplain #isEvictable is evictable} at {@code nowMillis}, as one
     * atomic step, and says whether it did. Eviction must use this rather than {@code isEvictable}
     * followed by {@code close}: a send between the two would be accepted into the recovery queue of
     * a manager that is then closed and forgotten, and lost silently (found by the
     * {@code evict-vs-send} probe).
     */
    public synchronized boolean closeIfEvictable(long nowMillis, long idleMillis) {
        if (!isEvictable(nowMillis, idleMillis)) {
            return false;
        }
        close();
        return true;
    }

    /**
     * Marks this manager as in use now, unless it is closed; says whether it is open. A path that
     * hands out an existing manager must call this, so that idle eviction does not close a manager
     * that was just handed to a caller (it would then fail on the caller's first use).
     */
    public synchronized boolean touchIfOpen() {
        if (closed) {
            return false;
        }
        lastActivityMillis = clock.millis();
        return true;
    }

    /** Connection ids registered now, in registration order. */
    public synchronized List<String> connectionIds() {
        return List.copyOf(connections.keySet());
    }

    // Caller holds the lock.
    private void deliver(AgentEvent event, Predicate<Connection> follows) {
        ExtraWork.spend();
        lastActivityMillis = clock.millis();
        boolean delivered = false;
        for (Connection c : connections.values()) {
            if (!follows.test(c) || !c.sink().isOpen()) {
                continue;
            }
            try {
                c.sink().send(event);
                sent++;
                delivered = true;
            } catch (RuntimeException sinkClosedMeanwhile) {
                // The transport went away between isOpen() and send(): treat it as not open.
            }
        }
        if (!delivered) {
            queued++;
            recoveryQueue.offer(event);
        }
    }

    private void failIfClosed(String operation) {
        if (closed) {
            throw new ManagerClosedException(operation + " on the closed manager of user " + context.userId()
                    + " (isolation key " + context.isolationKey() + ")");
        }
    }

    @Override
    public String toString() {
        return "WebSocketManager[" + context.userId() + "]@" + Integer.toHexString(System.identityHashCode(this));
    }
}
