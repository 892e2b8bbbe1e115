package dev.crosstalk.stress;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.RecordingSink;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.Sharing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import java.util.List;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * register-vs-emit: the WebSocket handler registers Alice's connection while her agent run emits
 * the run's first event. The event must arrive exactly once: directly, or from the recovery queue
 * that registration drains.
 *
 * <p>For sharing paths the handler calls {@link ManagerBackend#open} and the run obtains its
 * manager with {@link ManagerBackend#obtain}, as the path's callers do. Under direct instantiation
 * ({@link Sharing#PER_CALL}) the run can only reach the manager its session owns, so the handler's
 * registration is {@code addConnection} on that manager, which the run already holds.
 * Expected to catch {@code register-after-ready}, {@code check-then-act-registry},
 * {@code racy-factory-singleton} and {@code isolation-key-mismatch} (the run emits into a second manager).
 */
@JCStressTest
@Description("register-vs-emit: one thread registers a user's connection while another emits the first event of"
        + " the user's run; the event must arrive exactly once (directly or through the recovery drain).")
@Outcome(id = "DELIVERED_DIRECTLY", expect = ACCEPTABLE, desc = "the connection was registered first; the event went straight to it")
@Outcome(id = "DELIVERED_FROM_RECOVERY_QUEUE", expect = ACCEPTABLE_INTERESTING,
        desc = "the event was emitted first, queued, and delivered by the drain on registration")
@Outcome(id = "LOST", expect = FORBIDDEN,
        desc = "the event never reached the registered connection (no drain, or emitted into another manager)")
@Outcome(id = "DUPLICATED", expect = FORBIDDEN, desc = "the event arrived more than once")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "registering or emitting threw")
@Outcome(expect = FORBIDDEN, desc = "any other outcome")
@State
public class RegisterVsEmitProbe {

    final ManagerBackend backend = Probes.start();
    final boolean perCall = backend.sharing() == Sharing.PER_CALL;
    /** Under PER_CALL: the session's own manager, already handed to the run. */
    final UserWebSocketManager owned = perCall ? backend.obtain(Probes.CTX_A) : null;
    final RecordingSink sink = new RecordingSink();
    final Connection connection = Probes.connection("conn-alice-1", Probes.ALICE, Probes.THREAD_A, sink);
    UserWebSocketManager runManager;
    String error1;
    String error2;

    @Actor
    public void handler() {
        try {
            if (perCall) {
                owned.addConnection(connection);
            } else {
                backend.open(Probes.CTX_A, connection, Probes.NO_OP);
            }
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void run() {
        try {
            UserWebSocketManager m = perCall ? owned : backend.obtain(Probes.RUN_A);
            runManager = m;
            m.emitCriticalEvent(AgentEvent.AGENT_STARTED, Probes.emittedBy(Probes.ALICE));
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
                List<AgentEvent> got = sink.events();
                long n = got.stream().filter(e -> e.type().equals(AgentEvent.AGENT_STARTED)
                        && Probes.isOf(e, Probes.ALICE)).count();
                if (n == 0) {
                    r.r1 = "LOST";
                } else if (n > 1) {
                    r.r1 = "DUPLICATED";
                } else {
                    r.r1 = runManager.stats().queued() > 0 ? "DELIVERED_FROM_RECOVERY_QUEUE" : "DELIVERED_DIRECTLY";
                }
            }
        } catch (RuntimeException e) {
            r.r1 = Probes.threw(e);
        }
        Probes.close(backend);
    }
}
