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

import java.util.ArrayList;
import java.util.List;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * close-during-run: Alice's only tab is closed while her run is emitting three events. Each event
 * is either written to the tab before it is unregistered or queued for her; when she reconnects
 * the queued ones are handed over. What the old tab got followed by what the new tab got must be
 * the three events, once each, in emission order: closing a tab never loses, repeats or reorders
 * a run's events.
 */
@JCStressTest
@Description("close-during-run: a tab is closed while its run emits; the events the old tab got, then those its"
        + " reconnect recovered, must be every event once, in emission order.")
@Outcome(id = "ALL_BEFORE_CLOSE", expect = ACCEPTABLE, desc = "the old tab received all three events before it closed")
@Outcome(id = "ALL_RECOVERED", expect = ACCEPTABLE,
        desc = "the tab closed first; all three events were queued and the reconnect received them, in order")
@Outcome(id = "SPLIT", expect = ACCEPTABLE,
        desc = "the first events reached the old tab, the rest were queued and reached the new one, in order")
@Outcome(id = "LOST", expect = FORBIDDEN, desc = "an event emitted around the close reached neither tab")
@Outcome(id = "DUPLICATED", expect = FORBIDDEN, desc = "an event reached the tabs twice")
@Outcome(id = "REORDERED", expect = FORBIDDEN, desc = "the tabs received the events out of emission order")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "emitting, closing or reconnecting threw")
@Outcome(expect = FORBIDDEN, desc = "any other outcome")
@State
public class CloseDuringRunProbe {

    static final List<String> EMITTED = AgentEvent.GOLDEN_PATH.subList(0, 3);

    final ManagerBackend backend = Probes.start();
    final RecordingSink oldTab = new RecordingSink();
    final RecordingSink newTab = new RecordingSink();
    final ManagedSession session = backend.open(Probes.CTX_A,
            Probes.connection("conn-alice-1", Probes.ALICE, Probes.THREAD_A, oldTab), Probes.NO_OP);
    String error1;
    String error2;

    @Actor
    public void runEmits() {
        try {
            for (String type : EMITTED) {
                session.managerForRun(Probes.RUN_A).sendToThread(Probes.THREAD_A, Probes.event(Probes.RUN_A, type));
            }
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void tabCloses() {
        try {
            session.close();
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
                Probes.reconnect(backend, session.manager(),
                        Probes.connection("conn-alice-2", Probes.ALICE, Probes.THREAD_A, newTab), Probes.CTX_A);
                List<String> before = Probes.typesOf(oldTab.events(), Probes.ALICE);
                List<String> after = Probes.typesOf(newTab.events(), Probes.ALICE);
                List<String> both = new ArrayList<>(before);
                both.addAll(after);
                String broken = Probes.exactlyOnceInOrder(both, EMITTED);
                r.r1 = broken != null ? broken
                        : after.isEmpty() ? "ALL_BEFORE_CLOSE" : before.isEmpty() ? "ALL_RECOVERED" : "SPLIT";
            }
        } catch (RuntimeException e) {
            r.r1 = Probes.threw(e);
        }
        Probes.close(backend);
    }
}
