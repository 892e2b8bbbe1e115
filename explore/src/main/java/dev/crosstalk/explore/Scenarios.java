package dev.crosstalk.explore;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.Sharing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The scenarios, each stating the isolation contract of a per-user manager in one small concurrent situation
 * (2–3 threads, a few operations), run unchanged over every provider. They are derived from the contract — every
 * event a run emits reaches exactly the connections of its own user (and thread, for thread-addressed events), in
 * order, exactly once, or is refused loudly; no event of one user is observable by another — and never from a
 * particular defect.
 *
 * <p>Identities are built once, here, outside the explored code: they are immutable values, and building them
 * inside an explored interleaving only adds steps that cannot race.
 */
final class Scenarios {

    /** A fixed clock: time never decides an interleaving's outcome, so a replay sees the same values. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** The spec's defaults, warnings swallowed, and no interleaving hook: every catch here is unaided. */
    static final BackendOptions OPTIONS = BackendOptions.defaults().withWarnings(w -> { }).withClock(CLOCK);

    /** As {@link #OPTIONS}, but a manager without connection and queued events is evictable at once. */
    static final BackendOptions EVICT_AT_ONCE = OPTIONS.withIdleEvictionAfter(Duration.ZERO);

    static final UserExecutionContext U1 = new UserExecutionContext("u1", "t1", "s1", "q1");
    static final UserExecutionContext U1_T2 = new UserExecutionContext("u1", "t2", "s2", "q2");
    static final UserExecutionContext U2 = new UserExecutionContext("u2", "t1", "s1", "q3");
    static final UserExecutionContext RUN_U1 = U1.withRunId("r1");
    static final UserExecutionContext RUN2_U1 = U1.withRunId("r2");
    static final UserExecutionContext RUN_U2 = U2.withRunId("r1");
    /** Two identities whose user and thread ids, joined with ':', give the same string. */
    static final UserExecutionContext JOINED_A = new UserExecutionContext("u:x", "t", "s1", "q4");
    static final UserExecutionContext JOINED_B = new UserExecutionContext("u", "x:t", "s1", "q5");
    static final UserExecutionContext RUN_JOINED_A = JOINED_A.withRunId("ra");
    static final UserExecutionContext RUN_JOINED_B = JOINED_B.withRunId("rb");

    private static final Function<ManagerProvider, Optional<String>> ALWAYS = p -> Optional.empty();

    private Scenarios() {
    }

    /** Every scenario, in the order rows are written. */
    static List<Scenario> all() {
        return List.of(twoTabsWhileEmitting(), firstTabsOfAFreshBackend(), twoUsers(), reconnectWhileEmitting(),
                pooledWorker(), closeTabInFlight(), evictVsSend(), joinedKeysCollide());
    }

    /** The scenarios whose name matches {@code regex} (find semantics). */
    static List<Scenario> matching(Pattern regex) {
        return all().stream().filter(s -> regex.matcher(s.name()).find()).toList();
    }

    static Scenario byName(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario named " + name + "; known: "
                        + all().stream().map(Scenario::name).toList()));
    }

    /**
     * Two tabs of one user open while the user's run emits; once both are open, the run emits again. Every
     * tab open when an event is sent receives it once, in order; nothing is lost.
     */
    static Scenario twoTabsWhileEmitting() {
        return new Scenario("two-tabs-while-emitting",
                "two tabs of one user opening while the user's run emits: each event once, in order, to every open tab",
                OPTIONS, ALWAYS,
                w -> {
                    w.tab("u1-tab-1", U1);
                    w.tab("u1-tab-2", U1);
                },
                List.of(new Scenario.Actor("open u1-tab-1", w -> w.open(w.tab("u1-tab-1"))),
                        new Scenario.Actor("open u1-tab-2", w -> w.open(w.tab("u1-tab-2"))),
                        new Scenario.Actor("run r1 of u1 emits 1, 2", w -> {
                            UserWebSocketManager m = w.runManager(RUN_U1, null);
                            w.emit(m, RUN_U1, 1, false);
                            w.emit(m, RUN_U1, 2, false);
                        })),
                w -> w.emitAfterJoin(RUN_U1, 3, false));
    }

    /**
     * The first use of a fresh backend: two tabs of one user open at the same time, nothing else running; then the
     * user's run emits. Whatever a path creates lazily on first use (a registry entry, a factory, a manager) is
     * created under this race; both tabs must receive every event. Two threads, so the search spends its budget
     * on the opens alone (the three-thread {@link #twoTabsWhileEmitting} splits it six ways).
     */
    static Scenario firstTabsOfAFreshBackend() {
        return new Scenario("first-tabs-of-a-fresh-backend",
                "two tabs of one user opening at once as a fresh backend's first use, then the run emits: each event"
                        + " once, in order, to both tabs",
                OPTIONS, ALWAYS,
                w -> {
                    w.tab("u1-tab-1", U1);
                    w.tab("u1-tab-2", U1);
                },
                List.of(new Scenario.Actor("open u1-tab-1", w -> w.open(w.tab("u1-tab-1"))),
                        new Scenario.Actor("open u1-tab-2", w -> w.open(w.tab("u1-tab-2")))),
                w -> {
                    w.runManager(RUN_U1, w.tab("u1-tab-1"));
                    w.emitAfterJoin(RUN_U1, 1, false);
                    w.emitAfterJoin(RUN_U1, 2, false);
                });
    }

    /** Two users open a tab and emit from their runs at the same time: no event reaches the other user. */
    static Scenario twoUsers() {
        return usersOpenAndEmit("two-users",
                "two users opening and emitting concurrently: no event of one reaches the other; none lost",
                RUN_U1, RUN_U2);
    }

    /**
     * u1's tab closed while its run goes on; u1 reconnects while the run keeps emitting, and u2 connects at the
     * same time. Queued events are replayed to u1 as live ones arrive: in order, exactly once across the
     * hand-over; u2 receives none of them.
     */
    static Scenario reconnectWhileEmitting() {
        return new Scenario("reconnect-while-emitting",
                "a user reconnecting while its run emits: queued then live events in order, exactly once; none to another user",
                OPTIONS, ALWAYS,
                w -> {
                    Tab first = w.tab("u1-tab-1", U1);
                    w.tab("u1-tab-2", U1);
                    w.tab("u2-tab", U2);
                    w.open(first);
                    w.runManager(RUN_U1, first);
                    w.close(first);
                },
                List.of(new Scenario.Actor("run r1 of u1 emits 1, 2", emitsOneTwo(RUN_U1, false)),
                        new Scenario.Actor("u1 reconnects (u1-tab-2)", w -> reconnect(w, w.tab("u1-tab-2"), RUN_U1)),
                        new Scenario.Actor("u2 connects", w -> w.open(w.tab("u2-tab")))),
                w -> w.emitAfterJoin(RUN_U1, 3, false));
    }

    /**
     * The session's thread obtains the run's manager and hands it to pooled workers: one emits to the run's
     * thread, the other emits a second run to the whole user. Thread-addressed events reach exactly the tabs that
     * follow the thread.
     */
    static Scenario pooledWorker() {
        return new Scenario("pooled-workers",
                "runs emitting from pooled workers, not the thread that obtained the manager: thread-addressed events"
                        + " reach exactly the tabs following the thread, user events every tab, in order, once",
                OPTIONS, ALWAYS,
                w -> {
                    Tab onT1 = openedBefore(w, "u1-tab-t1", U1);
                    openedBefore(w, "u1-tab-t2", U1_T2);
                    w.runManager(RUN_U1, onT1);
                    w.runManager(RUN2_U1, onT1);
                },
                List.of(new Scenario.Actor("worker 1: run r1 emits 1, 2 to thread t1", emitsOneTwo(RUN_U1, true)),
                        new Scenario.Actor("worker 2: run r2 emits 1, 2 to the user", emitsOneTwo(RUN2_U1, false))),
                w -> w.emitAfterJoin(RUN_U1, 3, true));
    }

    /** A tab closes while its user's run is in flight: nothing is lost for the tab that stays, nothing reaches the closed one. */
    static Scenario closeTabInFlight() {
        return new Scenario("close-tab-in-flight",
                "a tab closed while its user's run emits: no loss for the remaining tab, nothing to the closed one after",
                OPTIONS, ALWAYS,
                w -> {
                    Tab stays = openedBefore(w, "u1-tab-1", U1);
                    openedBefore(w, "u1-tab-2", U1);
                    w.runManager(RUN_U1, stays);
                },
                List.of(new Scenario.Actor("run r1 of u1 emits 1, 2", emitsOneTwo(RUN_U1, false)),
                        new Scenario.Actor("close u1-tab-2", w -> w.close(w.tab("u1-tab-2")))),
                w -> w.emitAfterJoin(RUN_U1, 3, false));
    }

    /**
     * Idle eviction (configured to evict at once) races a run's sends to a user without an open tab: each event is
     * kept for the user's reconnect or refused loudly, never accepted and dropped. Not applicable to a provider
     * whose backend evicts nothing.
     */
    static Scenario evictVsSend() {
        return new Scenario("evict-vs-send",
                "idle eviction racing a run's sends: every accepted event reaches the user on reconnect; refusals are loud",
                EVICT_AT_ONCE, Scenarios::evictsNothing,
                w -> {
                    w.tab("u1-tab", U1);
                    w.runManager(RUN_U1, null);
                },
                List.of(new Scenario.Actor("run r1 of u1 emits 1, 2", emitsOneTwo(RUN_U1, false)),
                        new Scenario.Actor("evictIdle", World::evict)),
                w -> { });
    }

    /**
     * Two users whose user and thread ids collide when joined with ':' ({@code u:x}+{@code t} and
     * {@code u}+{@code x:t}) open and emit at once: each is its own user; no event crosses.
     */
    static Scenario joinedKeysCollide() {
        return usersOpenAndEmit("joined-keys-collide",
                "identities whose joined keys collide (u:x + t, u + x:t): each is served as its own user; no event crosses",
                RUN_JOINED_A, RUN_JOINED_B);
    }

    /** Each of two users opens a tab and its run emits 1, 2 from it, concurrently; then each run emits 3. */
    private static Scenario usersOpenAndEmit(String name, String contract, UserExecutionContext runA,
                                             UserExecutionContext runB) {
        String tabA = runA.userId() + "-tab";
        String tabB = runB.userId() + "-tab";
        return new Scenario(name, contract, OPTIONS, ALWAYS,
                w -> {
                    w.tab(tabA, runA);
                    w.tab(tabB, runB);
                },
                List.of(new Scenario.Actor(runA.userId() + " opens a tab, its run " + runA.runId() + " emits 1, 2",
                                w -> openAndEmit(w, tabA, runA)),
                        new Scenario.Actor(runB.userId() + " opens a tab, its run " + runB.runId() + " emits 1, 2",
                                w -> openAndEmit(w, tabB, runB))),
                w -> {
                    w.emitAfterJoin(runA, 3, false);
                    w.emitAfterJoin(runB, 3, false);
                });
    }

    /** A tab opened in the set-up, before the threads start. */
    private static Tab openedBefore(World w, String id, UserExecutionContext context) {
        Tab tab = w.tab(id, context);
        w.openBefore(tab);
        return tab;
    }

    /** The run, through the manager obtained in the set-up, emits events 1 and 2 (to its thread, or to the user). */
    private static Consumer<World> emitsOneTwo(UserExecutionContext run, boolean byThread) {
        return w -> {
            w.emit(w.managerOf(run), run, 1, byThread);
            w.emit(w.managerOf(run), run, 2, byThread);
        };
    }

    private static void openAndEmit(World w, String tabId, UserExecutionContext run) {
        Tab tab = w.tab(tabId);
        w.open(tab);
        if (tab.session == null) {
            return; // refused loudly: this user has no session to start a run from
        }
        UserWebSocketManager m = w.runManager(run, tab);
        w.emit(m, run, 1, false);
        w.emit(m, run, 2, false);
    }

    /** Reconnects as the path's callers do: a new session, or, under direct instantiation, the run's own manager. */
    private static void reconnect(World w, Tab tab, UserExecutionContext run) {
        if (w.backend().sharing() == Sharing.PER_CALL) {
            w.attach(tab, w.managerOf(run));
        } else {
            w.open(tab);
        }
    }

    /** Whether a fresh backend of {@code provider} evicts nothing even when a manager is idle, empty and tab-less. */
    private static Optional<String> evictsNothing(ManagerProvider provider) {
        try (ManagerBackend backend = provider.start(EVICT_AT_ONCE)) {
            backend.obtain(RUN_U1);
            return backend.evictIdle() == 0
                    ? Optional.of("the provider evicts nothing: an idle manager without connections stayed")
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // let the scenario itself report what breaks
        }
    }
}
