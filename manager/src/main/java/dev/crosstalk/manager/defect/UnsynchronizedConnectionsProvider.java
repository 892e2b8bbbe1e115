package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;

/**
 * {@code defect.unsynchronized-connections} (loss): the {@code registry} path's managers without
 * their lock: the per-user connection map (plain {@code HashMap}s) is mutated by the threads
 * that open and close sessions while the threads that send iterate it.
 *
 * <p><b>What it breaks.</b> A registration that races another one can be lost (the map's
 * internal state is corrupted or one {@code put} overwrites the other's bucket), and a
 * registration during a send makes the send's iteration throw
 * {@link java.util.ConcurrentModificationException}: the event is not delivered to the
 * connections after the one being written, and the run's worker sees an unexpected exception.
 * The recovery queue and counters, under the same missing lock, can lose updates too.
 *
 * <p><b>Reference backend.</b> Mirrors a Python manager's plain {@code set()} of connections,
 * iterated in {@code send_to_user} while other tasks add and discard sockets (Python's "Set
 * changed size during iteration"); the Java shape of it is a {@code HashSet}/{@code HashMap}
 * without a lock.
 *
 * <p><b>Caught by</b>, unaided: JCStress's {@code register-vs-emit} (5 of 32 samples),
 * {@code connection-churn} and {@code reconnect-while-emitting} probes (a lost registration, an
 * exception from a send); explore's {@code two-tabs-while-emitting} and
 * {@code first-tabs-of-a-fresh-backend}; and the load driver's {@code first-use} scenario, in both
 * {@code crosstalk load --all} runs that had it (a user's tabs registering at once:
 * {@code ConcurrentModificationException}, 29–57 refused sessions and runs, 5–8 losses); its other
 * scenarios catch it only rarely (pressure with adversarial ids in one run, churn with tame ids in an
 * earlier one). The window is the hook point {@link #POINT_BETWEEN_CONNECTIONS}, reached by a send
 * after it wrote to one connection and before its iteration advances to the next.
 */
public final class UnsynchronizedConnectionsProvider extends DefectProvider {

    public static final String NAME = "defect.unsynchronized-connections";

    /** Reached by a send after writing to one connection, before iterating to the next. */
    public static final String POINT_BETWEEN_CONNECTIONS = "unsynchronized-connections.between-connections";

    public UnsynchronizedConnectionsProvider() {
        super(NAME, FailureClass.LOSS, "per-user connection map mutated and iterated without a lock:"
                + " lost registrations, ConcurrentModificationException during sends");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        // The seeded change: Guard.NONE instead of the manager's monitor.
        return new PerUserBackend(options, (context, o) -> new IsolatedManager(context, o, DefectManager.Guard.NONE) {
            @Override
            protected void afterDeliveryTo(Connection connection) {
                o.hook().reached(POINT_BETWEEN_CONNECTIONS);
            }
        });
    }
}
