package dev.crosstalk.bench;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What it costs to obtain a user's manager, per creation path: direct {@code new}
 * ({@code ssot}), the registry's {@code getWebSocketManager} ({@code registry}), the deprecated
 * factory's {@code createManager} ({@code factory}), or any other provider named in
 * {@code manager} (plugins included). Every benchmark calls {@link ManagerBackend#obtain}, which
 * each path implements exactly as its callers obtain a manager.
 *
 * <p>Three situations, each at 1, 2 and 4 threads sharing one backend (one "process"):
 * <ul>
 *   <li>{@code coldCreate*}: a user the backend has never seen (creation);</li>
 *   <li>{@code warmLookup*}: a user the backend already holds a manager for, spread over many
 *       users (1024 per thread);</li>
 *   <li>{@code hotUser*}: every thread asks for the same single user.</li>
 * </ul>
 * Direct instantiation has no lookup: its "warm" and "hot" obtain is a {@code new} as well,
 * which is what its callers pay on every request that has no manager at hand.
 *
 * <p>The thread count is fixed per method with {@link Threads}; a run must not pass JMH's
 * {@code -t}, which would override it. On a 2-core machine the 4-thread variants oversubscribe
 * the CPUs: they show what the paths do when threads outnumber cores, not scaling.
 *
 * <p>Traps avoided, shared by every method here: results are returned, so JMH consumes them
 * (no dead-code elimination); inputs are read from {@link State} fields that change between
 * calls (no constant folding); contexts are built in setup, so validation and string building
 * of {@code UserExecutionContext} are not measured; warnings are discarded (see
 * {@link BenchSupport#options()}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// The nightly profile's settings (harness BenchProfile.NIGHTLY: the fork is compare's sample, so five of them), so
// that `java -jar benchmarks.jar` measures as a night does; crosstalk bench passes its profile's options explicitly.
@Warmup(iterations = 4, time = 900, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Fork(5)
public class CreationBenchmark {

    /** Users per thread in the warm pool (a power of two: the index is masked). */
    static final int WARM_USERS = 1024;

    /** New users per thread per cold generation. */
    static final int COLD_USERS = 4096;

    /**
     * One backend shared by all threads of a trial, plus the rotating cold generations. Scoped
     * to the benchmark so that 2 and 4 threads really contend on the same registry, factory
     * lock and maps.
     */
    @State(Scope.Benchmark)
    public static class Shared {

        @Param({"ssot", "registry", "factory"})
        public String manager;

        ManagerProvider provider;
        BackendOptions options;
        /** Holds the warm users and the hot user for the whole trial. */
        ManagerBackend backend;
        UserExecutionContext hot;
        /** The backend new users are created in now; replaced when a thread has used up its new users. */
        final AtomicReference<ManagerBackend> coldGeneration = new AtomicReference<>();

        @Setup(Level.Trial)
        public void setUp() {
            provider = BenchSupport.provider(manager);
            options = BenchSupport.options();
            backend = provider.start(options);
            backend.entryPoint(); // create the factory (or any lazy entry point) now, not in the first measured call
            hot = BenchSupport.context("hot-user", "hot-thread", "hot-run");
            backend.obtain(hot); // the hot user exists before measuring: hotUser* is a lookup for the sharing paths
            coldGeneration.set(freshBackend());
        }

        ManagerBackend freshBackend() {
            ManagerBackend b = provider.start(options);
            b.entryPoint();
            return b;
        }

        /**
         * The generation a thread that has used up its new users in {@code used} moves on to:
         * the current one if another thread already rotated past {@code used}, else a fresh one.
         * Generations only move forward and a thread uses each at most once, so every user it
         * asks for is new to the backend it asks.
         */
        ManagerBackend next(ManagerBackend used) {
            ManagerBackend current = coldGeneration.get();
            if (current != used) {
                return current;
            }
            ManagerBackend fresh = freshBackend();
            if (coldGeneration.compareAndSet(used, fresh)) {
                return fresh;
            }
            fresh.close();
            return coldGeneration.get();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            backend.close();
            coldGeneration.get().close();
        }
    }

    /** This thread's users the shared backend already holds. */
    @State(Scope.Thread)
    public static class WarmUsers {
        UserExecutionContext[] users;
        int next;

        @Setup(Level.Trial)
        public void setUp(Shared shared, ThreadParams thread) {
            users = new UserExecutionContext[WARM_USERS];
            for (int i = 0; i < WARM_USERS; i++) {
                users[i] = BenchSupport.context("warm-t" + thread.getThreadIndex() + "-u" + i, "thread-1", "run-1");
                shared.backend.obtain(users[i]);
            }
        }

        UserExecutionContext nextUser() {
            return users[next++ & (WARM_USERS - 1)];
        }
    }

    /**
     * This thread's new users, and the cold generation it creates them in. When all
     * {@link #COLD_USERS} are used, the thread moves to the next generation (a fresh backend,
     * started inside the measured call that needs it but amortised over 4096 creations: well
     * under 1 ns/op and 1 B/op), so that the backend's live set stays bounded (a few MB) and the measurement stays
     * a steady state instead of a growing map that the GC has to copy.
     */
    @State(Scope.Thread)
    public static class NewUsers {
        UserExecutionContext[] users;
        ManagerBackend generation;
        int next;

        @Setup(Level.Trial)
        public void setUp(Shared shared, ThreadParams thread) {
            users = new UserExecutionContext[COLD_USERS];
            for (int i = 0; i < COLD_USERS; i++) {
                users[i] = BenchSupport.context("cold-t" + thread.getThreadIndex() + "-u" + i, "thread-1", "run-1");
            }
            generation = shared.coldGeneration.get();
        }

        UserWebSocketManager obtainNew(Shared shared) {
            if (next == COLD_USERS) {
                generation = shared.next(generation);
                next = 0;
            }
            return generation.obtain(users[next++]);
        }
    }

    // ---- cold: a user the backend has never seen -------------------------------------------

    /**
     * Measures: obtaining the manager of a new user, one thread: {@code new WebSocketManager},
     * a registry insert ({@code computeIfAbsent} miss), or the factory's locked create path
     * (per-user count, isolation-key map insert).
     * Trap avoided: a "cold" benchmark that is only cold on its first call. Each call asks for
     * a user the backend has never seen, yet the state stays bounded (see {@link NewUsers});
     * a per-invocation setup ({@code Level.Invocation}) is avoided, its timer overhead would
     * dwarf a sub-microsecond operation (JMH sample 38).
     */
    @Benchmark
    @Threads(1)
    public UserWebSocketManager coldCreate(Shared shared, NewUsers users) {
        return users.obtainNew(shared);
    }

    /**
     * Measures: contended creation: 2 threads create managers for distinct new users in the
     * same backend (the factory serialises creation on its lock; the registry on map bins).
     * Trap avoided: per-thread backends would show no contention at all; the backend is
     * {@code Scope.Benchmark}, the users {@code Scope.Thread} and disjoint between threads.
     */
    @Benchmark
    @Threads(2)
    public UserWebSocketManager coldCreate_2threads(Shared shared, NewUsers users) {
        return users.obtainNew(shared);
    }

    /** Measures: as {@link #coldCreate_2threads}, 4 threads (oversubscribed on 2 cores). Same traps avoided. */
    @Benchmark
    @Threads(4)
    public UserWebSocketManager coldCreate_4threads(Shared shared, NewUsers users) {
        return users.obtainNew(shared);
    }

    // ---- warm: a user the backend already holds, spread over many users --------------------

    /**
     * Measures: obtaining the manager of an existing user, one thread, cycling over 1024 users:
     * a registry hit, a factory hit (map get, closed check, reuse counter), or a {@code new} for
     * direct instantiation, which has nothing to look up.
     * Trap avoided: looking up one constant key (constant folding, one always-cached entry):
     * the user changes on every call and comes from state.
     */
    @Benchmark
    @Threads(1)
    public UserWebSocketManager warmLookup(Shared shared, WarmUsers users) {
        return shared.backend.obtain(users.nextUser());
    }

    /**
     * Measures: warm lookups from 2 threads over disjoint users of one shared backend.
     * Trap avoided: as {@link #warmLookup}; the backend is shared so reads contend for real.
     */
    @Benchmark
    @Threads(2)
    public UserWebSocketManager warmLookup_2threads(Shared shared, WarmUsers users) {
        return shared.backend.obtain(users.nextUser());
    }

    /** Measures: as {@link #warmLookup_2threads}, 4 threads (oversubscribed on 2 cores). Same traps avoided. */
    @Benchmark
    @Threads(4)
    public UserWebSocketManager warmLookup_4threads(Shared shared, WarmUsers users) {
        return shared.backend.obtain(users.nextUser());
    }

    // ---- hot: every thread asks for the same user -------------------------------------------

    /**
     * Measures: obtaining the manager of one hot user, one thread (the uncontended baseline of
     * the two below).
     * Trap avoided: the hot context is a field of the shared state, not a constant the JIT
     * could fold, and the user exists before measurement, so no call pays its creation.
     */
    @Benchmark
    @Threads(1)
    public UserWebSocketManager hotUser(Shared shared) {
        return shared.backend.obtain(shared.hot);
    }

    /**
     * Measures: 2 threads obtaining the same user's manager at once: the factory's reuse
     * counter and the manager's monitor ({@code isClosed()}), the registry's map bin.
     * Trap avoided: as {@link #hotUser}; the state is {@code Scope.Benchmark}, so both threads
     * really share the user.
     */
    @Benchmark
    @Threads(2)
    public UserWebSocketManager hotUser_2threads(Shared shared) {
        return shared.backend.obtain(shared.hot);
    }

    /** Measures: as {@link #hotUser_2threads}, 4 threads (oversubscribed on 2 cores). Same traps avoided. */
    @Benchmark
    @Threads(4)
    public UserWebSocketManager hotUser_4threads(Shared shared) {
        return shared.backend.obtain(shared.hot);
    }
}
