package dev.crosstalk.explore;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.IsolationViolationException;
import dev.crosstalk.manager.ManagerClosedException;
import dev.crosstalk.manager.TooManyManagersException;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.Sharing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One interleaving's "process": a fresh backend of the provider under test, the tabs the scenario opens,
 * the runs that emit, and what each tab received. The scenario's threads act on it through
 * {@link #open}, {@link #close}, {@link #emit} and {@link #evict}; after they joined, the main thread calls
 * {@link #check}, which states the isolation contract and throws a {@link ContractViolation} in words.
 *
 * <p>Threads: every operation may be called from any scenario thread; the lists are synchronized so that
 * recording adds no race of its own (the manager's races are what is explored). {@link #check} runs on the
 * main thread after every scenario thread joined.
 *
 * <p>Only the provider's code is explored: everything the world records or checks runs {@link Unobserved}, so
 * the search branches at the provider's shared accesses and locks, never at the harness's. The calls into the
 * provider ({@code backend.open}, {@code obtain}, {@code emitCriticalEvent}, {@code close}, ...) stay outside it.
 */
final class World {

    /**
     * Exceptions by which a manager refuses an operation loudly, and the contract allows it: a manager closed under the
     * caller (evicted, its session gone) or a declared limit reached. The caller is told and can act.
     *
     * <p>Not {@link IsolationViolationException}: it says "this operation crosses users", and no operation of a scenario
     * does — every tab's connection is its context's user's, every run emits through the manager its own session or
     * the backend handed it. Refusing such an operation as an isolation violation refuses a legitimate user (a denial
     * of service, as a load run counts it), and it is what a half-built or wrongly shared manager answers.
     */
    private static final List<Class<? extends RuntimeException>> REFUSALS = List.of(ManagerClosedException.class,
            TooManyManagersException.class);

    private final ManagerBackend backend;
    private final Unobserved unobserved;
    private final List<Tab> tabs = Collections.synchronizedList(new ArrayList<>());
    private final List<Emit> emits = Collections.synchronizedList(new ArrayList<>());
    /** Operations that threw something that is not a loud refusal: the contract was broken there. */
    private final List<String> broken = Collections.synchronizedList(new ArrayList<>());
    /** The manager each run emits through, by run id; set by the thread that obtains it. */
    private final Map<String, UserWebSocketManager> runManagers = Collections.synchronizedMap(new HashMap<>());
    /** The contexts of those runs, guarded by {@link #runManagers}' lock. */
    private final Map<String, UserExecutionContext> runContexts = new LinkedHashMap<>();
    /** For every emit made after the threads joined: the tabs that were closed then (must receive nothing more). */
    private final Map<String, List<Tab>> closedAtFinale = Collections.synchronizedMap(new HashMap<>());
    /** For every emit made after the threads joined: the tabs open then, which must each receive it. */
    private final Map<String, List<Tab>> openAtFinale = Collections.synchronizedMap(new HashMap<>());

    private final Map<String, Tab> tabsById = Collections.synchronizedMap(new HashMap<>());

    World(ManagerBackend backend, Unobserved unobserved) {
        this.backend = backend;
        this.unobserved = unobserved;
    }

    ManagerBackend backend() {
        return backend;
    }

    /** The tab {@code id} of this interleaving, made on first use for {@code context}'s user and thread. */
    Tab tab(String id, UserExecutionContext context) {
        return unobserved.get(() -> tabsById.computeIfAbsent(id, k -> new Tab(k, context, unobserved)));
    }

    /** The tab {@code id}, made earlier. */
    Tab tab(String id) {
        return unobserved.get(() -> tabsById.get(id));
    }

    /** The manager {@code run} obtained earlier (null if it was refused). */
    UserWebSocketManager managerOf(UserExecutionContext run) {
        return unobserved.get(() -> runManagers.get(key(run)));
    }

    /** Opens {@code tab} as a WebSocket handler does; a loud refusal leaves it unopened. */
    void open(Tab tab) {
        unobserved.run(() -> tabs.add(tab));
        attempt("open of " + tab, () -> {
            ManagedSession session = backend.open(tab.context, tab.connection, () -> { });
            UserWebSocketManager manager = session.manager();
            unobserved.run(() -> {
                tab.session = session;
                tab.registeredWith = manager;
            });
        }, refusal -> tab.refused = refusal);
    }

    /** Registers {@code tab} directly with {@code manager}: how a direct-instantiation caller reconnects. */
    void attach(Tab tab, UserWebSocketManager manager) {
        unobserved.run(() -> tabs.add(tab));
        if (manager == null) {
            return;
        }
        attempt("reconnect of " + tab, () -> {
            manager.addConnection(tab.connection);
            unobserved.run(() -> tab.registeredWith = manager);
        }, refusal -> tab.refused = refusal);
    }

    /** Opens {@code tab} before the scenario's threads start; it stays open unless a thread closes it. */
    void openBefore(Tab tab) {
        open(tab);
        unobserved.run(() -> tab.openThroughout = tab.isOpen());
    }

    /** The user closes {@code tab}. */
    void close(Tab tab) {
        ManagedSession session = unobserved.get(() -> {
            tab.closed = true;
            tab.openThroughout = false;
            return tab.session;
        });
        if (session != null) {
            attempt("close of " + tab, session::close, refusal -> { });
        }
    }

    /**
     * The manager {@code run} emits through, obtained as its path's callers do: from the session the run was
     * started from, or (with no session) from the backend. Remembered for the final reconnect.
     */
    UserWebSocketManager runManager(UserExecutionContext run, Tab startedFrom) {
        UserWebSocketManager[] got = new UserWebSocketManager[1];
        ManagedSession session = unobserved.get(() -> startedFrom == null ? null : startedFrom.session);
        attempt("obtaining the manager of run " + run.runId() + " of user " + run.userId(), () -> got[0] =
                session != null ? session.managerForRun(run) : backend.obtain(run), refusal -> { });
        if (got[0] != null) {
            unobserved.run(() -> {
                synchronized (runManagers) {
                    runManagers.put(key(run), got[0]);
                    runContexts.put(key(run), run);
                }
            });
        }
        return got[0];
    }

    /**
     * {@code run} emits event {@code seq} through {@code manager}: to the whole user with
     * {@code emitCriticalEvent}, or to its thread with {@code sendToThread} when {@code byThread}. The payload
     * names the run, its user and the sequence number, so that what a tab receives is traced to its emitter
     * whatever the manager does to {@code user_id} or {@code run_id}.
     */
    void emit(UserWebSocketManager manager, UserExecutionContext run, int seq, boolean byThread) {
        String thread = byThread ? run.threadId() : null;
        if (manager == null) {
            unobserved.run(() -> emits.add(new Emit(run.runId(), run.userId(), run.threadId(), thread, seq, false,
                    "no manager")));
            return;
        }
        Map<String, Object> payload = unobserved.get(() -> Map.of("run", run.runId(), "user", run.userId(),
                "seq", seq));
        String type = AgentEvent.GOLDEN_PATH.get((seq - 1) % AgentEvent.GOLDEN_PATH.size());
        AgentEvent event = byThread ? unobserved.get(() -> AgentEvent.of(run, type, "explore", 0L, payload)) : null;
        String[] refusal = new String[1];
        attempt("emit of event " + seq + " of run " + run.runId() + " of user " + run.userId(), () -> {
            if (byThread) {
                manager.sendToThread(run.threadId(), event);
            } else {
                manager.emitCriticalEvent(type, payload);
            }
        }, r -> refusal[0] = r);
        unobserved.run(() -> emits.add(new Emit(run.runId(), run.userId(), run.threadId(), thread, seq,
                refusal[0] == null, refusal[0])));
    }

    /** Emits after every scenario thread joined: every tab open now must receive it, no closed tab may. */
    void emitAfterJoin(UserExecutionContext run, int seq, boolean byThread) {
        unobserved.run(() -> {
            String id = eventId(run.userId(), run.runId(), seq);
            List<Tab> open = new ArrayList<>();
            List<Tab> closed = new ArrayList<>();
            for (Tab t : tabs) {
                if (t.closed) {
                    closed.add(t);
                } else if (t.isOpen() && t.user().equals(run.userId())
                        && (!byThread || t.connection.follows(run.threadId()))) {
                    open.add(t); // narrowed to the tabs the run's path shares a manager with in expectedRecipients
                }
            }
            openAtFinale.put(id, open);
            closedAtFinale.put(id, closed);
        });
        emit(managerOf(run), run, seq, byThread);
    }

    /** Idle eviction runs. */
    void evict() {
        attempt("evictIdle", backend::evictIdle, refusal -> { });
    }

    /**
     * Checks the contract over everything received, after a final reconnect of every user that has runs (so
     * that events queued for an absent user are delivered): no event of one user reaches another user's tab
     * or a tab that does not follow its thread; no tab receives an event twice or a run's events out of order;
     * no refused event is delivered; every accepted event reaches its user; a tab open throughout receives
     * every event addressed to it; a closed tab receives nothing more.
     */
    void check() {
        throwIfBroken();
        reconnectEveryone();
        throwIfBroken();
        unobserved.run(this::checkDeliveries);
    }

    private void throwIfBroken() {
        String first = unobserved.get(() -> broken.isEmpty() ? null : broken.get(0));
        if (first != null) {
            throw new ContractViolation(first);
        }
    }

    /** The contract over everything received; bookkeeping only, after every thread joined and every user reconnected. */
    private void checkDeliveries() {
        Map<String, Emit> byId = new HashMap<>();
        for (Emit e : emits) {
            byId.put(eventId(e.user(), e.run(), e.seq()), e);
        }
        Map<String, Set<Tab>> receivers = new HashMap<>();
        for (Tab tab : List.copyOf(tabs)) {
            Set<String> seen = new HashSet<>();
            Map<String, Integer> lastSeq = new HashMap<>();
            for (AgentEvent event : tab.sink.events()) {
                Object run = event.payload().get("run");
                Object user = event.payload().get("user");
                Object seq = event.payload().get("seq");
                String id = user + "/" + run + "#" + seq;
                Emit emit = byId.get(id);
                if (emit == null) {
                    throw new ContractViolation(tab + " received an event no run emitted: " + event.type()
                            + " of run " + event.runId() + " of user " + event.userId());
                }
                if (!tab.user().equals(user)) {
                    throw new ContractViolation(emit.describe() + " reached " + tab);
                }
                if (emit.thread() != null && !tab.connection.follows(emit.thread())) {
                    throw new ContractViolation(emit.describe() + ", addressed to thread " + emit.thread()
                            + ", reached " + tab + " which follows thread " + tab.context.threadId());
                }
                if (!emit.accepted()) {
                    throw new ContractViolation(emit.describe() + " was refused (" + emit.refusal()
                            + ") yet reached " + tab);
                }
                if (!seen.add(id)) {
                    throw new ContractViolation(emit.describe() + " delivered twice to " + tab);
                }
                Integer before = lastSeq.put(emit.run(), emit.seq());
                if (before != null && before > emit.seq()) {
                    throw new ContractViolation("events of run " + emit.run() + " out of order at " + tab + ": "
                            + before + " before " + emit.seq());
                }
                List<Tab> closedThen = closedAtFinale.getOrDefault(id, List.of());
                if (closedThen.contains(tab)) {
                    throw new ContractViolation(emit.describe() + " reached " + tab + ", closed before it was sent");
                }
                receivers.computeIfAbsent(id, k -> new HashSet<>()).add(tab);
            }
        }
        for (Emit emit : emits) {
            if (!emit.accepted()) {
                continue;
            }
            String id = eventId(emit.user(), emit.run(), emit.seq());
            Set<Tab> got = receivers.getOrDefault(id, Set.of());
            if (got.isEmpty()) {
                throw new ContractViolation(emit.describe() + " lost: accepted, yet it reached no tab of "
                        + emit.user() + ", not even after a reconnect");
            }
            for (Tab tab : expectedRecipients(emit, id)) {
                if (!got.contains(tab)) {
                    throw new ContractViolation(emit.describe() + " lost for " + tab + ", open while it was sent");
                }
            }
        }
    }

    /** The tabs that must each receive {@code emit}: those open for its whole lifetime, or at its finale send. */
    private List<Tab> expectedRecipients(Emit emit, String id) {
        List<Tab> expected = new ArrayList<>(openAtFinale.getOrDefault(id, List.of()));
        for (Tab tab : List.copyOf(tabs)) {
            if (tab.openThroughout && !tab.closed && tab.user().equals(emit.user())
                    && (emit.thread() == null || tab.connection.follows(emit.thread())) && !expected.contains(tab)) {
                expected.add(tab);
            }
        }
        // What "the user's connections" means is the path's declared sharing, not what a manager happens to do:
        // under direct instantiation a run reaches the tabs registered with the manager it was handed; under one
        // manager per isolation key, the tabs of its own conversation thread; per user (or globally), every tab
        // of the user.
        UserWebSocketManager manager = runManagers.get(emit.user() + "/" + emit.run());
        Sharing sharing = backend.sharing();
        if (sharing == Sharing.PER_CALL) {
            expected.removeIf(tab -> tab.registeredWith != manager);
        } else if (sharing == Sharing.PER_ISOLATION_KEY) {
            expected.removeIf(tab -> !tab.context.threadId().equals(emit.runThread()));
        }
        return expected;
    }

    /**
     * Every user with a run opens one more tab in each conversation thread it ran in, as its path's callers
     * reconnect, to drain what was queued for it.
     */
    private void reconnectEveryone() {
        // each reconnecting tab, with the manager its run was handed (what a direct-instantiation caller re-uses)
        Map<Tab, UserWebSocketManager> again = unobserved.get(() -> {
            Map<String, UserExecutionContext> byUserThread = new LinkedHashMap<>();
            Map<String, UserWebSocketManager> managers = new LinkedHashMap<>();
            synchronized (runManagers) {
                runContexts.forEach((k, run) -> {
                    String userThread = run.userId() + "-" + run.threadId();
                    byUserThread.putIfAbsent(userThread, run);
                    managers.putIfAbsent(userThread, runManagers.get(k));
                });
            }
            Map<Tab, UserWebSocketManager> tabs = new LinkedHashMap<>();
            byUserThread.forEach((userThread, run) ->
                    tabs.put(new Tab(userThread + "-reconnect", run, unobserved), managers.get(userThread)));
            return tabs;
        });
        for (Map.Entry<Tab, UserWebSocketManager> entry : again.entrySet()) {
            if (backend.sharing() == Sharing.PER_CALL) {
                attach(entry.getKey(), entry.getValue());
            } else {
                open(entry.getKey());
            }
        }
    }

    /** An event's identity: run ids are unique per user only. */
    private static String eventId(String user, String run, int seq) {
        return user + "/" + run + "#" + seq;
    }

    private static String key(UserExecutionContext run) {
        return run.userId() + "/" + run.runId();
    }

    /**
     * Runs one operation: a loud refusal is passed to {@code onRefusal}; any other exception breaks the
     * contract (an unexpected exception from a manager is not a refusal a caller can act on).
     */
    private void attempt(String what, Runnable operation, Consumer<String> onRefusal) {
        RuntimeException thrown;
        try {
            operation.run();
            return;
        } catch (RuntimeException e) {
            thrown = e;
        }
        unobserved.run(() -> {
            if (REFUSALS.stream().anyMatch(r -> r.isInstance(thrown))) {
                onRefusal.accept(thrown.getClass().getSimpleName());
            } else if (thrown instanceof IsolationViolationException) {
                broken.add(what + " was refused as an isolation violation (" + thrown.getMessage() + "), yet every"
                        + " identity in it is the user's own: a legitimate operation refused");
            } else {
                broken.add(what + " threw " + thrown.getClass().getName() + (thrown.getMessage() == null ? ""
                        : ": " + thrown.getMessage()) + " (not a loud refusal the contract allows)");
            }
        });
    }
}
