package dev.crosstalk.stress;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.RecordingSink;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import java.util.List;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * cross-thread-emit: a manager is not owned by the thread that obtained it. One actor obtains the
 * manager for Alice's run, hands it over (a volatile field: a safe hand-over, so only the manager
 * is on trial) and emits one thread-addressed event; the other emits one user-addressed event
 * through the handed-over manager if it is there yet (an emit from a thread that did not obtain
 * it), else through the one it obtains itself; the arbiter, a third thread, emits a last event
 * through the first actor's manager. Alice's tab must receive the three, once each, the last one
 * last. Catches managers that keep the caller's identity or state per thread (a {@code ThreadLocal}
 * context, a per-thread buffer) or that are only safe on their creating thread.
 */
@JCStressTest
@Description("cross-thread-emit: events emitted through a manager from threads other than the one that obtained it"
        + " must reach the user's connection, once each.")
@Outcome(id = "HANDED_OVER_DELIVERED", expect = ACCEPTABLE,
        desc = "the second thread emitted through the first thread's manager; all three events arrived once, the last last")
@Outcome(id = "OWN_DELIVERED", expect = ACCEPTABLE,
        desc = "nothing was handed over yet, the second thread obtained its own; all three events arrived once, the last last")
@Outcome(id = "LOST", expect = FORBIDDEN, desc = "an event emitted from another thread than the obtaining one never arrived")
@Outcome(id = "DUPLICATED", expect = FORBIDDEN, desc = "an event arrived twice")
@Outcome(id = "REORDERED", expect = FORBIDDEN, desc = "the arbiter's event, emitted after both others, did not arrive last")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "obtaining or emitting threw")
@Outcome(expect = FORBIDDEN, desc = "any other outcome")
@State
public class CrossThreadEmitProbe {

    static final String FIRST = AgentEvent.AGENT_STARTED;
    static final String SECOND = AgentEvent.AGENT_THINKING;
    static final String LAST = AgentEvent.AGENT_COMPLETED;

    final ManagerBackend backend = Probes.start();
    final RecordingSink tab = new RecordingSink();
    final ManagedSession session = backend.open(Probes.CTX_A,
            Probes.connection("conn-alice-1", Probes.ALICE, Probes.THREAD_A, tab), Probes.NO_OP);
    /** Written by the first actor only; volatile, so that the hand-over itself is safe. */
    volatile UserWebSocketManager obtainedByFirst;
    boolean handedOver;
    String error1;
    String error2;

    @Actor
    public void obtainsAndEmits() {
        try {
            UserWebSocketManager m = session.managerForRun(Probes.RUN_A);
            obtainedByFirst = m;
            m.sendToThread(Probes.THREAD_A, Probes.event(Probes.RUN_A, FIRST));
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void emitsFromAnotherThread() {
        try {
            UserWebSocketManager m = obtainedByFirst;
            handedOver = m != null;
            if (m == null) {
                m = session.managerForRun(Probes.RUN_A2);
            }
            m.sendToUser(Probes.ALICE, Probes.event(Probes.RUN_A2, SECOND));
        } catch (RuntimeException e) {
            error2 = Probes.threw(e);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        try {
            if (error1 != null || error2 != null) {
                r.r1 = error1 != null ? error1 : error2;
            } else {
                obtainedByFirst.sendToThread(Probes.THREAD_A, Probes.event(Probes.RUN_A, LAST));
                List<String> own = Probes.typesOf(tab.events(), Probes.ALICE);
                String broken = Probes.exactlyOnceInOrder(own, own.indexOf(SECOND) < own.indexOf(FIRST)
                        ? List.of(SECOND, FIRST, LAST) : List.of(FIRST, SECOND, LAST));
                r.r1 = broken != null ? broken : handedOver ? "HANDED_OVER_DELIVERED" : "OWN_DELIVERED";
            }
        } catch (RuntimeException e) {
            r.r1 = Probes.threw(e);
        }
        Probes.close(backend);
    }
}
