package dev.crosstalk.bench;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.RecordingSink;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;
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
import org.openjdk.jmh.infra.Blackhole;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The golden path: what one agent run costs a user who is connected, per creation path. One
 * operation is one run: the run obtains its manager from the session
 * ({@link ManagedSession#managerForRun}: the session's own instance for direct instantiation, a
 * registry or factory lookup otherwise) and emits the five golden-path events
 * ({@code agent_started … agent_completed}) with {@code emitCriticalEvent}, each delivered to
 * every one of the user's {@code connections} in-memory sinks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// The nightly profile's settings (harness BenchProfile.NIGHTLY: the fork is compare's sample, so five of them), so
// that `java -jar benchmarks.jar` measures as a night does; crosstalk bench passes its profile's options explicitly.
@Warmup(iterations = 4, time = 900, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Fork(5)
@Threads(1)
public class GoldenPathBenchmark {

    /** Distinct runs cycled through (a power of two: the index is masked). */
    static final int RUNS = 16;

    /**
     * One connected user with its own backend. Thread-scoped: a run's events are emitted by
     * one agent thread, and no other thread touches this user.
     */
    @State(Scope.Thread)
    public static class ConnectedUser {

        @Param({"ssot", "registry", "factory"})
        public String manager;

        /** Open connections (browser tabs) of the user, each with its own sink. */
        @Param({"1", "4"})
        public int connections;

        ManagerBackend backend;
        ManagedSession session;
        RecordingSink[] sinks;
        UserExecutionContext[] runs;
        String[] types;
        Map<String, Object>[] payloads;
        int next;

        @Setup(Level.Trial)
        @SuppressWarnings("unchecked")
        public void setUp() {
            backend = BenchSupport.provider(manager).start(BenchSupport.options());
            UserExecutionContext user = BenchSupport.context("golden-user", "golden-thread", "run-0");
            sinks = new RecordingSink[connections];
            for (int i = 0; i < connections; i++) {
                sinks[i] = new RecordingSink(false); // counts only: delivery stays a real, synchronised write
            }
            session = backend.open(user, connection(user, 0), () -> { });
            // Every tab registers with the manager the first session got: for the sharing paths this
            // is what opening more sessions of the same user and thread does; for direct
            // instantiation it is the instance the caller hands to the other tabs. So every path
            // delivers each event to every sink: the same work, checked below.
            for (int i = 1; i < connections; i++) {
                session.manager().addConnection(connection(user, i));
            }
            runs = new UserExecutionContext[RUNS];
            for (int i = 0; i < RUNS; i++) {
                runs[i] = user.withRunId("run-" + (i + 1));
            }
            types = AgentEvent.GOLDEN_PATH.toArray(new String[0]);
            payloads = new Map[types.length];
            for (int i = 0; i < types.length; i++) {
                payloads[i] = Map.of("step", i, "text", "event " + types[i]);
            }
            checkDelivery();
        }

        private Connection connection(UserExecutionContext user, int i) {
            return new Connection("golden-conn-" + i, user.userId(), null, Instant.now(), sinks[i]);
        }

        /** One run, outside measurement: every sink must receive all five events, or there is nothing fair to measure. */
        private void checkDelivery() {
            long[] before = new long[sinks.length];
            for (int i = 0; i < sinks.length; i++) {
                before[i] = sinks[i].count();
            }
            oneRun(this, null);
            for (int i = 0; i < sinks.length; i++) {
                long got = sinks[i].count() - before[i];
                if (got != types.length) {
                    throw new IllegalStateException("manager \"" + manager + "\" delivered " + got + " of "
                            + types.length + " golden-path events to connection " + i + " of " + connections
                            + ": it loses events, so its golden-path cost would not be comparable");
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            session.close();
            backend.close();
        }
    }

    /**
     * Measures: one run of five golden-path events to a user with 1 or 4 connections, including
     * the run's manager lookup, event construction, the manager's lock and delivery to each sink.
     * Traps avoided: dead code (every emitted event goes to the {@link Blackhole}, and each sink
     * write is a synchronised counter update the JIT cannot drop); constant folding (run
     * context, types and payloads are read from state and the run changes on every call); a
     * cheaper path that silently delivers less (setup checks all sinks got all five events).
     */
    @Benchmark
    public void emitRun(ConnectedUser user, Blackhole bh) {
        oneRun(user, bh);
    }

    // Static so that setup and the benchmark share exactly one code path; bh is null in setup.
    static void oneRun(ConnectedUser user, Blackhole bh) {
        UserWebSocketManager manager = user.session.managerForRun(user.runs[user.next++ & (RUNS - 1)]);
        String[] types = user.types;
        Map<String, Object>[] payloads = user.payloads;
        for (int i = 0; i < types.length; i++) {
            AgentEvent event = manager.emitCriticalEvent(types[i], payloads[i]);
            if (bh != null) {
                bh.consume(event);
            }
        }
    }
}
