package dev.crosstalk.harness.server;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.UserWebSocketManager;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Recovery for {@link dev.crosstalk.manager.spi.Sharing#PER_CALL} paths ({@code ssot}), where the
 * server is the caller that owns each session's manager. When a session closes while runs it started
 * are still emitting, or with events in its manager's recovery queue, the manager is <em>orphaned</em>:
 * the runs keep sending through it and, with no connection left, it queues their events. The server
 * then registers every open connection of the same user with it, and every connection the user opens
 * while it is orphaned ({@code addConnection} drains the queue into the first one): the manager's
 * promise that a user's queued events reach the user's next connection, kept across sessions. Once its
 * runs ended and its queue is empty the orphan is forgotten and the connections are unregistered from
 * it. At most {@link #MAX_ORPHANS_PER_USER} per user (the oldest goes first), so a user who never comes
 * back holds bounded memory.
 *
 * <p>This is what the stress probes do for PER_CALL paths (they reconnect to the run's manager); the
 * paths that share managers (registry, factory) need none of it, the backend hands the reconnect the
 * same manager. Thread-safety: one lock per user guards that user's open connections and orphans;
 * manager calls are made under it (lock order: user, then manager; a manager never calls back here).
 */
final class OrphanedManagers {

    static final int MAX_ORPHANS_PER_USER = 64;

    /** A closed session's manager, the count of its runs still emitting, and the connections registered with it. */
    private record Orphan(UserWebSocketManager manager, IntSupplier runs, List<String> attached) {

        /** Nothing left to hand over: its runs ended and its queue is empty (drained or never filled). */
        boolean done() {
            return runs.getAsInt() == 0 && manager.stats().pending() == 0;
        }

        void release() {
            for (String id : attached) {
                detach(manager, id);
            }
        }
    }

    /** One user's open connections and orphaned managers, oldest first. */
    private static final class UserState {
        final Set<Connection> open = new LinkedHashSet<>();
        final Map<UserWebSocketManager, Orphan> orphans = new LinkedHashMap<>();

        /** Forgets the orphans with nothing left to hand over. */
        void prune() {
            orphans.values().removeIf(o -> {
                if (o.done()) {
                    o.release();
                    return true;
                }
                return false;
            });
        }

        boolean empty() {
            return open.isEmpty() && orphans.isEmpty();
        }
    }

    private final ConcurrentHashMap<String, UserState> users = new ConcurrentHashMap<>();

    /** A session of {@code user} opened {@code connection}: register it with each of the user's orphans. */
    void opened(String user, Connection connection) {
        users.compute(user, (u, st) -> {
            UserState s = st == null ? new UserState() : st;
            s.open.add(connection);
            s.orphans.values().forEach(o -> attach(o.manager(), connection, o.attached()));
            s.prune();
            return s.empty() ? null : s;
        });
    }

    /**
     * A session of {@code user} closed; {@code manager} is its manager and {@code runsInFlight} counts the
     * runs it started that are still emitting: with any, or with events queued, the manager becomes an orphan. The count is read
     * under the user's lock, so a run ending meanwhile either is counted out here or finds the orphan in
     * {@link #runEnded}.
     */
    void closed(String user, Connection connection, UserWebSocketManager manager, IntSupplier runsInFlight) {
        users.computeIfPresent(user, (u, s) -> {
            s.open.remove(connection);
            for (Orphan o : s.orphans.values()) {
                detach(o.manager(), connection.connectionId());
                o.attached().remove(connection.connectionId());
            }
            if (manager != null && !s.orphans.containsKey(manager)) {
                Orphan o = new Orphan(manager, runsInFlight, new ArrayList<>());
                if (!o.done()) {
                    if (s.orphans.size() >= MAX_ORPHANS_PER_USER) {
                        Iterator<Orphan> oldest = s.orphans.values().iterator();
                        oldest.next().release();
                        oldest.remove();
                    }
                    s.orphans.put(manager, o);
                    for (Connection c : s.open) {
                        attach(manager, c, o.attached());
                    }
                }
            }
            s.prune();
            return s.empty() ? null : s;
        });
    }

    /** A run of a session of {@code user} ended: its manager, if orphaned, may have nothing left to hand over. */
    void runEnded(String user) {
        users.computeIfPresent(user, (u, s) -> {
            s.prune();
            return s.empty() ? null : s;
        });
    }

    private static void attach(UserWebSocketManager m, Connection c, List<String> attached) {
        try {
            m.addConnection(c);
            attached.add(c.connectionId());
        } catch (RuntimeException closedOrRefused) {
            // A manager closed meanwhile takes no connection; its runs fail loudly on their next send.
        }
    }

    private static void detach(UserWebSocketManager m, String connectionId) {
        try {
            m.removeConnection(connectionId);
        } catch (RuntimeException ignored) {
            // Nothing to undo on a manager that refuses.
        }
    }
}
