package dev.crosstalk.stress;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.RecordingSink;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.ManagedSession;
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
import java.util.StringJoiner;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * reconnect-vs-queued: Alice's tab closed while her run goes on, so the run's events are queued
 * for her; at the same time Bob connects (his registration drains his recovery queue). Bob must
 * receive none of Alice's events, and when Alice reconnects she must receive both, once, in order.
 *
 * <p>Alice reconnects the way her path's callers do: {@link ManagerBackend#open} for sharing paths;
 * under direct instantiation ({@link Sharing#PER_CALL}) the queue lives in the manager her run
 * owns, so the new connection is registered with that manager. Expected to catch
 * {@code shared-recovery-queue} (and leaks of shared managers).
 */
@JCStressTest
@Description("reconnect-vs-queued: user B connects while user A's events are being queued for A; B must receive"
        + " none of them, and A must receive all of them once, in order, when A reconnects.")
@Outcome(id = "ISOLATED_AND_RECOVERED", expect = ACCEPTABLE,
        desc = "Bob received nothing of Alice's; Alice's reconnect delivered both queued events, once, in order")
@Outcome(id = "LEAKED_TO_B", expect = FORBIDDEN, desc = "Bob received an event queued for Alice")
@Outcome(id = "LEAKED_TO_B_MASKED", expect = FORBIDDEN,
        desc = "Bob received an event queued for Alice that carries Bob's user_id: a user_id check misses it")
@Outcome(id = "A_LOST", expect = FORBIDDEN, desc = "Alice's reconnect did not deliver every queued event")
@Outcome(id = "A_DUPLICATED", expect = FORBIDDEN, desc = "Alice received a queued event more than once")
@Outcome(id = "A_REORDERED", expect = FORBIDDEN, desc = "Alice received her queued events out of order")
@Outcome(id = "LEAKED_TO_B\\+A_LOST", expect = FORBIDDEN,
        desc = "Alice's queued events went to Bob instead of Alice (a shared recovery queue)")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "queuing, connecting or reconnecting threw")
@Outcome(expect = FORBIDDEN, desc = "a combination of the failures above (joined with '+')")
@State
public class ReconnectVsQueuedProbe {

    final ManagerBackend backend = Probes.start();
    final UserWebSocketManager aliceRun;
    final RecordingSink bobSink = new RecordingSink();
    final RecordingSink aliceSink = new RecordingSink();
    String error1;
    String error2;

    public ReconnectVsQueuedProbe() {
        ManagedSession first = backend.open(Probes.CTX_A,
                Probes.connection("conn-alice-1", Probes.ALICE, Probes.THREAD_A, new RecordingSink()), Probes.NO_OP);
        aliceRun = first.managerForRun(Probes.RUN_A);
        first.close(); // Alice's tab closed; her run goes on
    }

    @Actor
    public void aliceRunEmits() {
        try {
            aliceRun.emitCriticalEvent(AgentEvent.AGENT_STARTED, Probes.emittedBy(Probes.ALICE));
            aliceRun.emitCriticalEvent(AgentEvent.AGENT_THINKING, Probes.emittedBy(Probes.ALICE));
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void bobConnects() {
        try {
            backend.open(Probes.CTX_B, Probes.connection("conn-bob-1", Probes.BOB, Probes.THREAD_B, bobSink),
                    Probes.NO_OP);
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
                StringJoiner j = new StringJoiner("+");
                List<AgentEvent> bob = bobSink.events();
                if (bob.stream().anyMatch(e -> Probes.isForeign(e, Probes.BOB) && !Probes.isMaskedLeak(e, Probes.BOB))) {
                    j.add("LEAKED_TO_B");
                }
                if (bob.stream().anyMatch(e -> Probes.isMaskedLeak(e, Probes.BOB))) {
                    j.add("LEAKED_TO_B_MASKED");
                }
                Connection again = Probes.connection("conn-alice-2", Probes.ALICE, Probes.THREAD_A, aliceSink);
                if (backend.sharing() == Sharing.PER_CALL) {
                    aliceRun.addConnection(again);
                } else {
                    backend.open(Probes.CTX_A, again, Probes.NO_OP);
                }
                List<String> own = Probes.typesOf(aliceSink.events(), Probes.ALICE);
                List<String> expected = List.of(AgentEvent.AGENT_STARTED, AgentEvent.AGENT_THINKING);
                if (!own.containsAll(expected)) {
                    j.add("A_LOST");
                } else if (own.size() > expected.size()) {
                    j.add("A_DUPLICATED");
                } else if (!own.equals(expected)) {
                    j.add("A_REORDERED");
                }
                r.r1 = j.length() == 0 ? "ISOLATED_AND_RECOVERED" : j.toString();
            }
        } catch (RuntimeException e) {
            r.r1 = Probes.threw(e);
        }
        Probes.close(backend);
    }
}
