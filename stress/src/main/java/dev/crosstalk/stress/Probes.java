package dev.crosstalk.stress;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.RecordingSink;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.InterleavingHook;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ManagerProviders;
import dev.crosstalk.manager.spi.Sharing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every probe shares: the provider under test, selected by name in the forked JVM with
 * {@code -Dcrosstalk.manager=NAME} (the harness passes it with {@code -jvmArgsPrepend}; plugin jars
 * reach the forks on the class path), the identities the probes act as, and small helpers.
 *
 * <p>Every probe starts a fresh {@link ManagerBackend} in its JCStress state object: the backend is
 * the "process", so no state outlives one sample.
 */
public final class Probes {

    /** The system property naming the provider under test. */
    public static final String PROPERTY = "crosstalk.manager";

    /** The provider under test; resolving it fails the test loudly if the property is missing or unknown. */
    static final ManagerProvider PROVIDER = resolve();

    /** The system property: how long, in microseconds, a thread that reaches an interleaving point spins (0: not at all). */
    public static final String WIDEN_PROPERTY = "crosstalk.widen.micros";

    /** Default for {@link #WIDEN_PROPERTY}: unaided (the harness always passes the value it was given). */
    public static final long DEFAULT_WIDEN_MICROS = 0;

    /**
     * The {@link InterleavingHook} every probe installs: a thread that reaches a named race window
     * spins there for {@link #WIDEN_PROPERTY} microseconds, so that the other actor can run into the
     * window. Correct paths have no such window and never call the hook, so this cannot make a correct
     * path fail; it only makes a seeded race (which calls the hook exactly where it lives) show in a
     * few samples instead of in millions. A plugin that does not call the hook is probed unaided. Off
     * by default: a catch with widening is not an unaided figure, and the output says so.
     */
    static final InterleavingHook WIDEN = widen(Long.getLong(WIDEN_PROPERTY, DEFAULT_WIDEN_MICROS));

    /** Spec defaults, deprecation warnings swallowed (the factory logs one per backend, i.e. per sample). */
    static final BackendOptions OPTIONS = BackendOptions.defaults().withWarnings(w -> { }).withHook(WIDEN);

    /** Like {@link #OPTIONS}, but a manager without connections is evictable at once. */
    static final BackendOptions EVICT_AT_ONCE = OPTIONS.withIdleEvictionAfter(Duration.ZERO);

    static final String ALICE = "alice";
    static final String BOB = "bob";
    static final String THREAD_A = "thread-alice-1";
    static final String THREAD_B = "thread-bob-1";

    /** Alice's WebSocket session context. */
    static final UserExecutionContext CTX_A = new UserExecutionContext(ALICE, THREAD_A, "run-alice-0", "req-alice-0");
    /** A run Alice started from that session: same user and thread, its own run id. */
    static final UserExecutionContext RUN_A = CTX_A.withRunId("run-alice-1");
    /** A second run of Alice in the same thread (same isolation key). */
    static final UserExecutionContext RUN_A2 = CTX_A.withRunId("run-alice-2");
    static final UserExecutionContext CTX_B = new UserExecutionContext(BOB, THREAD_B, "run-bob-0", "req-bob-0");
    static final UserExecutionContext RUN_B = CTX_B.withRunId("run-bob-1");

    static final Runnable NO_OP = () -> { };
    private static final Instant CONNECTED_AT = Instant.parse("2026-01-01T00:00:00Z");

    private Probes() {
    }

    private static ManagerProvider resolve() {
        String name = System.getProperty(PROPERTY);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("no manager selected: run the probes with -D" + PROPERTY
                    + "=NAME (crosstalk stress passes it to every fork)");
        }
        return ManagerProviders.discover().byName(name.strip());
    }

    private static InterleavingHook widen(long micros) {
        if (micros <= 0) {
            return InterleavingHook.NONE;
        }
        long nanos = micros * 1000;
        return point -> {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        };
    }

    /** A fresh backend of the provider under test. */
    static ManagerBackend start() {
        return PROVIDER.start(OPTIONS);
    }

    static ManagerBackend start(BackendOptions options) {
        return PROVIDER.start(options);
    }

    /** A connection of {@code user}, following {@code thread}, recording into {@code sink}. */
    static Connection connection(String id, String user, String thread, RecordingSink sink) {
        return new Connection(id, user, thread, CONNECTED_AT, sink);
    }

    /** The payload that says who emitted an event, so that a leak is seen even if {@code user_id} was rewritten. */
    static Map<String, Object> emittedBy(String user) {
        return Map.of("emitted_by", user);
    }

    /** An event of {@code run} whose payload names its emitter. */
    static AgentEvent event(UserExecutionContext run, String type) {
        return AgentEvent.of(run, type, "probe-agent", 0L, emittedBy(run.userId()));
    }

    /**
     * Whether {@code e} belongs to {@code user}: its payload names the user as emitter, its
     * {@code user_id} is the user's and its run is one of the user's. (The run id is the manager's:
     * {@code emitCriticalEvent} takes it from the context the manager is bound to, which for a shared
     * or session-owned manager is an earlier run of the same user.)
     */
    static boolean isOf(AgentEvent e, String user) {
        return user.equals(e.payload().get("emitted_by")) && user.equals(e.userId())
                && e.runId().startsWith("run-" + user + "-");
    }

    /** Whether {@code e}, received by {@code receiver}, came from another user's run or emitter. */
    static boolean isForeign(AgentEvent e, String receiver) {
        return !isOf(e, receiver);
    }

    /** A foreign event whose {@code user_id} was rewritten to the receiver's: a leak hidden from a user-id check. */
    static boolean isMaskedLeak(AgentEvent e, String receiver) {
        return isForeign(e, receiver) && receiver.equals(e.userId());
    }

    /** The types of {@code events} that belong to {@code user}, in arrival order. */
    static List<String> typesOf(List<AgentEvent> events, String user) {
        return events.stream().filter(e -> isOf(e, user)).map(AgentEvent::type).toList();
    }

    /**
     * How {@code own} (the types a user's connections received of one run, in arrival order) breaks
     * "every event once, in order" against {@code expected}: {@code LOST}, {@code DUPLICATED},
     * {@code REORDERED}, or null when it keeps it.
     */
    static String exactlyOnceInOrder(List<String> own, List<String> expected) {
        if (!own.containsAll(expected)) {
            return "LOST";
        }
        if (own.size() > expected.size()) {
            return "DUPLICATED";
        }
        return own.equals(expected) ? null : "REORDERED";
    }

    /**
     * A user comes back with {@code connection} the way the path's callers do: a new session
     * ({@link ManagerBackend#open}) for sharing paths; under direct instantiation
     * ({@link Sharing#PER_CALL}) the run's events live in the manager the
     * run owns, so the connection is registered with {@code runManager}.
     */
    static void reconnect(ManagerBackend backend, UserWebSocketManager runManager, Connection connection,
                          UserExecutionContext context) {
        if (backend.sharing() == Sharing.PER_CALL) {
            runManager.addConnection(connection);
        } else {
            backend.open(context, connection, NO_OP);
        }
    }

    /** The outcome id for an operation that threw: {@code THREW_<exception class>}. */
    static String threw(Throwable t) {
        return "THREW_" + t.getClass().getSimpleName();
    }

    /** Closes a backend at the end of a sample; a failure to close is not the probe's finding. */
    static void close(ManagerBackend backend) {
        try {
            backend.close();
        } catch (RuntimeException ignored) {
            // the arbiter's verdict is already made
        }
    }

    /** Closes a manager quietly. */
    static void close(UserWebSocketManager manager) {
        try {
            manager.close();
        } catch (RuntimeException ignored) {
            // as above
        }
    }
}
