package dev.crosstalk.harness.testing;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.EventSink;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ProviderKind;
import dev.crosstalk.manager.spi.Sharing;
import dev.crosstalk.manager.ssot.SsotProvider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only broken providers that prove the load checker catches what it must, end to end,
 * before the real seeded defects exist. Each wraps the correct {@code ssot} path and breaks
 * delivery in one named way by wrapping every connection's sink. They are registered nowhere
 * on the main class path; tests pass them to the driver directly, and
 * {@code docs/load.md} shows how to jar them as a {@code --plugin} for the CLI.
 */
public final class TestProviders {

    private TestProviders() {
    }

    /** Every test provider. */
    public static List<ManagerProvider> all() {
        return List.of(new BroadcastLeak(), new MaskedLeak(), new SharedCurrentUser(), new RelabelUser(),
                new DuplicateEvents(), new ReorderEvents(), new DropEvent(), new LateRegister(), new OpenThrows());
    }

    /** What a wrapper does with an event its connection's sink receives. */
    interface Delivery {
        void deliver(Registry registry, Connection self, AgentEvent event);
    }

    /** Every connection of one backend, by id, and by user. */
    static final class Registry {
        final Map<String, Connection> connections = new ConcurrentHashMap<>();
        final Map<String, List<Connection>> byUser = new ConcurrentHashMap<>();
        volatile String currentUser;

        void add(Connection c) {
            connections.put(c.connectionId(), c);
            byUser.computeIfAbsent(c.userId(), u -> new CopyOnWriteArrayList<>()).add(c);
        }

        void remove(Connection c) {
            connections.remove(c.connectionId());
            List<Connection> l = byUser.get(c.userId());
            if (l != null) {
                l.remove(c);
            }
        }
    }

    /** A provider that wraps ssot, passing each delivered event through {@link #delivery()}. */
    abstract static class Wrapping implements ManagerProvider {
        @Override
        public ProviderKind kind() {
            return ProviderKind.DEFECT;
        }

        @Override
        public Optional<FailureClass> failureClass() {
            return Optional.of(failure());
        }

        abstract FailureClass failure();

        abstract Delivery delivery();

        long registerDelayMillis() {
            return 0;
        }

        @Override
        public ManagerBackend start(BackendOptions options) {
            ManagerBackend inner = new SsotProvider().start(options);
            Registry registry = new Registry();
            Delivery delivery = delivery();
            long delay = registerDelayMillis();
            return new ManagerBackend() {
                @Override
                public Sharing sharing() {
                    return inner.sharing();
                }

                @Override
                public Optional<Object> entryPoint() {
                    return inner.entryPoint();
                }

                @Override
                public UserWebSocketManager obtain(UserExecutionContext context) {
                    return inner.obtain(context);
                }

                @Override
                public ManagedSession open(UserExecutionContext context, Connection connection, Runnable onReady) {
                    long registeredAt = System.nanoTime() + delay * 1_000_000L;
                    Connection[] self = new Connection[1];
                    EventSink wrapped = new EventSink() {
                        @Override
                        public void send(AgentEvent event) {
                            if (delay > 0 && System.nanoTime() < registeredAt) {
                                return; // "not registered yet": the event is silently gone
                            }
                            delivery.deliver(registry, connection, event);
                        }

                        @Override
                        public boolean isOpen() {
                            return connection.sink().isOpen();
                        }
                    };
                    Connection c = new Connection(connection.connectionId(), connection.userId(),
                            connection.threadId(), connection.connectedAt(), wrapped);
                    self[0] = c;
                    registry.add(connection);
                    ManagedSession s = inner.open(context, c, onReady);
                    return new ManagedSession() {
                        @Override
                        public UserExecutionContext context() {
                            return s.context();
                        }

                        @Override
                        public Connection connection() {
                            return s.connection();
                        }

                        @Override
                        public UserWebSocketManager manager() {
                            return s.manager();
                        }

                        @Override
                        public UserWebSocketManager managerForRun(UserExecutionContext run) {
                            return s.managerForRun(run);
                        }

                        @Override
                        public void close() {
                            registry.remove(connection);
                            s.close();
                        }
                    };
                }

                @Override
                public int evictIdle() {
                    return 0;
                }

                @Override
                public int managerCount() {
                    return inner.managerCount();
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }

    static void sendQuietly(Connection c, AgentEvent e) {
        try {
            if (c.sink().isOpen()) {
                c.sink().send(e);
            }
        } catch (RuntimeException ignored) {
            // closed meanwhile
        }
    }

    /**
     * A "defect" that behaves exactly as ssot: what a seeded defect looks like to an instrument that cannot observe its
     * failure (for the verdict rules: its row can only be caught elsewhere).
     */
    public static final class SilentDefect implements ManagerProvider {
        public static final String NAME = "test.silent-defect";
        public String name() { return NAME; }
        public ProviderKind kind() { return ProviderKind.DEFECT; }
        public String description() { return "test: ssot, declared a loss defect"; }
        public Optional<FailureClass> failureClass() { return Optional.of(FailureClass.LOSS); }
        public ManagerBackend start(BackendOptions options) { return new SsotProvider().start(options); }
    }

    /**
     * Delivers every event correctly, but keeps 16 KiB per event for good: a memory leak no event shows, only a soak's
     * heap series (not in {@link #all()}: it is no isolation failure). {@link #release()} frees what it kept.
     */
    public static final class RetainsEvents extends Wrapping {
        private static final List<byte[]> RETAINED = Collections.synchronizedList(new ArrayList<>());
        public String name() { return "test.retains-events"; }
        public String description() { return "test: correct delivery, 16 KiB kept per event (a heap leak)"; }
        FailureClass failure() { return FailureClass.LEAK; }
        Delivery delivery() {
            return (reg, self, e) -> {
                RETAINED.add(new byte[16 << 10]);
                sendQuietly(self, e);
            };
        }

        public static void release() {
            RETAINED.clear();
        }
    }

    /** Every event goes to every connection of every user: certain leaks. */
    public static final class BroadcastLeak extends Wrapping {
        public String name() { return "test.broadcast-leak"; }
        public String description() { return "test: every event is delivered to every connection of every user"; }
        FailureClass failure() { return FailureClass.LEAK; }
        Delivery delivery() {
            return (reg, self, e) -> reg.connections.values().forEach(c -> sendQuietly(c, e));
        }
    }

    /** Like broadcast, but the user_id is rewritten to the receiver's: a leak only the run id shows. */
    public static final class MaskedLeak extends Wrapping {
        public String name() { return "test.masked-leak"; }
        public String description() { return "test: broadcast with user_id rewritten to the receiver's"; }
        FailureClass failure() { return FailureClass.LEAK; }
        Delivery delivery() {
            return (reg, self, e) -> reg.connections.values().forEach(c -> sendQuietly(c, e.withUserId(c.userId())));
        }
    }

    /**
     * The shared-singleton pattern: a mutable "current user" set before each delivery, then the
     * current user's connections are looked up. Concurrent runs of different users race on it.
     */
    public static final class SharedCurrentUser extends Wrapping {
        public String name() { return "test.shared-current-user"; }
        public String description() { return "test: delivery routes by a shared mutable current user"; }
        FailureClass failure() { return FailureClass.LEAK; }
        Delivery delivery() {
            return (reg, self, e) -> {
                reg.currentUser = e.userId();
                Thread.yield();
                for (Connection c : reg.byUser.getOrDefault(reg.currentUser, List.of())) {
                    sendQuietly(c, e);
                }
            };
        }
    }

    /** The right run reaches the right user, but user_id names another user. */
    public static final class RelabelUser extends Wrapping {
        public String name() { return "test.relabel-user"; }
        public String description() { return "test: user_id of every event is rewritten to 'someone-else'"; }
        FailureClass failure() { return FailureClass.LEAK; }
        Delivery delivery() {
            return (reg, self, e) -> sendQuietly(self, e.withUserId("someone-else"));
        }
    }

    /** Every event twice. */
    public static final class DuplicateEvents extends Wrapping {
        public String name() { return "test.duplicate-events"; }
        public String description() { return "test: every event is delivered twice"; }
        FailureClass failure() { return FailureClass.ORDER; }
        Delivery delivery() {
            return (reg, self, e) -> {
                sendQuietly(self, e);
                sendQuietly(self, e);
            };
        }
    }

    /** agent_thinking is held back and delivered after tool_executing. */
    public static final class ReorderEvents extends Wrapping {
        public String name() { return "test.reorder-events"; }
        public String description() { return "test: agent_thinking arrives after tool_executing"; }
        FailureClass failure() { return FailureClass.ORDER; }
        Delivery delivery() {
            Map<String, AgentEvent> held = new ConcurrentHashMap<>();
            return (reg, self, e) -> {
                if (e.type().equals(AgentEvent.AGENT_THINKING)) {
                    held.put(e.runId(), e);
                    return;
                }
                sendQuietly(self, e);
                if (e.type().equals(AgentEvent.TOOL_EXECUTING)) {
                    AgentEvent h = held.remove(e.runId());
                    if (h != null) {
                        sendQuietly(self, h);
                    }
                }
            };
        }
    }

    /** tool_executing never arrives. */
    public static final class DropEvent extends Wrapping {
        public String name() { return "test.drop-event"; }
        public String description() { return "test: tool_executing is dropped"; }
        FailureClass failure() { return FailureClass.LOSS; }
        Delivery delivery() {
            return (reg, self, e) -> {
                if (!e.type().equals(AgentEvent.TOOL_EXECUTING)) {
                    sendQuietly(self, e);
                }
            };
        }
    }

    /**
     * Register-after-ready: the session is announced ready, but the connection only receives
     * events from 2 s later on (longer than an overloaded 2-core machine takes to start a first run), and nothing queued meanwhile is replayed.
     */
    public static final class LateRegister extends Wrapping {
        public String name() { return "test.late-register"; }
        public String description() { return "test: ready is announced 2 s before the connection receives events"; }
        FailureClass failure() { return FailureClass.LOSS; }
        long registerDelayMillis() { return 2000; }
        Delivery delivery() {
            return (reg, self, e) -> sendQuietly(self, e);
        }
    }

    /**
     * Leaks only while the backend is young: every event goes to every connection of every user in the backend's first
     * second, then only to its own connection. A defect a warm-up phase must not hide.
     */
    public static final class EarlyLeak extends Wrapping {
        public String name() { return "test.early-leak"; }
        public String description() { return "test: broadcasts every event during the backend's first second"; }
        FailureClass failure() { return FailureClass.LEAK; }
        Delivery delivery() {
            long youngUntil = System.nanoTime() + 1_000_000_000L;
            return (reg, self, e) -> {
                if (System.nanoTime() < youngUntil) {
                    reg.connections.values().forEach(c -> sendQuietly(c, e));
                } else {
                    sendQuietly(self, e);
                }
            };
        }
    }

    /** A session can never be set up. */
    public static final class OpenThrows extends Wrapping {
        public String name() { return "test.open-throws"; }
        public String description() { return "test: open() throws"; }
        FailureClass failure() { return FailureClass.LOSS; }
        Delivery delivery() {
            return (reg, self, e) -> sendQuietly(self, e);
        }

        @Override
        public ManagerBackend start(BackendOptions options) {
            ManagerBackend b = super.start(options);
            return new ManagerBackend() {
                public Sharing sharing() { return b.sharing(); }
                public Optional<Object> entryPoint() { return b.entryPoint(); }
                public UserWebSocketManager obtain(UserExecutionContext c) { return b.obtain(c); }
                public ManagedSession open(UserExecutionContext c, Connection conn, Runnable onReady) {
                    throw new IllegalStateException("test: this backend cannot open sessions");
                }
                public int evictIdle() { return 0; }
                public int managerCount() { return 0; }
                public void close() { b.close(); }
            };
        }
    }
}
