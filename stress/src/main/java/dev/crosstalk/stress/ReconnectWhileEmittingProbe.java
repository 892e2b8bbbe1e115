package dev.crosstalk.stress;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.RecordingSink;
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
 * reconnect-while-emitting: Alice's tab closed; her run keeps emitting three events while she
 * reconnects. Whatever the interleaving, the events emitted before the reconnect are queued and
 * handed over when she registers, the later ones go straight to her new tab: the new tab must get
 * all three, once each, in emission order. The contract at the queue hand-over: the drain and a
 * concurrent live send must not lose, repeat or overtake one another.
 *
 * <p>The run resolves its manager per event from the closed session, as the embedded server does
 * ({@code managerForRun}); Alice reconnects as her path's callers do ({@link Probes#reconnect}).
 */
@JCStressTest
@Description("reconnect-while-emitting: a user reconnects while her run keeps emitting; across the recovery-queue"
        + " hand-over her new connection must receive every event once, in emission order.")
@Outcome(id = "DELIVERED_IN_ORDER", expect = ACCEPTABLE,
        desc = "the new tab received all three events once, in order (queued ones drained on reconnect, later ones live)")
@Outcome(id = "LOST", expect = FORBIDDEN,
        desc = "an event emitted around the reconnect never reached the new tab (queued and not drained, or dropped)")
@Outcome(id = "DUPLICATED", expect = FORBIDDEN, desc = "an event reached the new tab twice (drained and sent live)")
@Outcome(id = "REORDERED", expect = FORBIDDEN,
        desc = "a live event overtook a queued one, or the queue was drained out of order")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "emitting or reconnecting threw")
@Outcome(expect = FORBIDDEN, desc = "any other outcome")
@State
public class ReconnectWhileEmittingProbe {

    static final List<String> EMITTED = AgentEvent.GOLDEN_PATH.subList(0, 3);

    final ManagerBackend backend = Probes.start();
    final ManagedSession closedTab;
    final RecordingSink newTab = new RecordingSink();
    String error1;
    String error2;

    public ReconnectWhileEmittingProbe() {
        closedTab = backend.open(Probes.CTX_A,
                Probes.connection("conn-alice-1", Probes.ALICE, Probes.THREAD_A, new RecordingSink()), Probes.NO_OP);
        closedTab.close();
    }

    @Actor
    public void runEmits() {
        try {
            for (String type : EMITTED) {
                closedTab.managerForRun(Probes.RUN_A).sendToThread(Probes.THREAD_A, Probes.event(Probes.RUN_A, type));
            }
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void aliceReconnects() {
        try {
            Probes.reconnect(backend, closedTab.manager(),
                    Probes.connection("conn-alice-2", Probes.ALICE, Probes.THREAD_A, newTab), Probes.CTX_A);
        } catch (RuntimeException e) {
            error2 = Probes.threw(e);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        if (error1 != null || error2 != null) {
            r.r1 = error1 != null ? error1 : error2;
        } else {
            String broken = Probes.exactlyOnceInOrder(Probes.typesOf(newTab.events(), Probes.ALICE), EMITTED);
            r.r1 = broken == null ? "DELIVERED_IN_ORDER" : broken;
        }
        Probes.close(backend);
    }
}
