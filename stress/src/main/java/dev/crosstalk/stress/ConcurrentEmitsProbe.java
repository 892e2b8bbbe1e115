package dev.crosstalk.stress;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.RecordingSink;
import dev.crosstalk.manager.UserExecutionContext;
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
import java.util.StringJoiner;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * concurrent-emits: Alice and Bob are connected; their runs emit at once, each one event
 * addressed to the user ({@code emitCriticalEvent}) then one addressed to the thread
 * ({@code sendToThread}). Each connection must receive exactly its own user's two events, in
 * order, and nothing else. A foreign event is recognised by its payload's emitter and its run id,
 * not only by {@code user_id}, so that a leak whose {@code user_id} was rewritten is still seen.
 * Expected to catch {@code shared-singleton-manager}, {@code masked-leak} (as LEAKED_MASKED),
 * {@code thread-as-user-routing} (as LOST_THREAD_EVENT) and {@code isolation-key-mismatch}.
 */
@JCStressTest
@Description("concurrent-emits: two connected users' runs emit at once (one user-addressed and one thread-addressed"
        + " event each); each connection must receive only its own user's events, all of them, in order.")
@Outcome(id = "ISOLATED", expect = ACCEPTABLE, desc = "each connection received exactly its own user's two events, in order")
@Outcome(id = "LEAKED", expect = FORBIDDEN, desc = "a connection received another user's event")
@Outcome(id = "LEAKED_MASKED", expect = FORBIDDEN,
        desc = "a connection received another user's event carrying the receiver's user_id (rewritten, or built from the wrong context): a user_id check misses it")
@Outcome(id = "LOST_USER_EVENT", expect = FORBIDDEN, desc = "a user-addressed event never reached its user's connection")
@Outcome(id = "LOST_THREAD_EVENT", expect = FORBIDDEN, desc = "a thread-addressed event never reached its user's connection")
@Outcome(id = "DUPLICATED", expect = FORBIDDEN, desc = "an event arrived more than once")
@Outcome(id = "REORDERED", expect = FORBIDDEN, desc = "a run's events arrived out of order")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "an emit threw")
@Outcome(expect = FORBIDDEN, desc = "a combination of the failures above (joined with '+')")
@State
public class ConcurrentEmitsProbe {

    final ManagerBackend backend = Probes.start();
    final RecordingSink aliceSink = new RecordingSink();
    final RecordingSink bobSink = new RecordingSink();
    final ManagedSession alice = backend.open(Probes.CTX_A,
            Probes.connection("conn-alice-1", Probes.ALICE, Probes.THREAD_A, aliceSink), Probes.NO_OP);
    final ManagedSession bob = backend.open(Probes.CTX_B,
            Probes.connection("conn-bob-1", Probes.BOB, Probes.THREAD_B, bobSink), Probes.NO_OP);
    String error1;
    String error2;

    @Actor
    public void aliceRun() {
        error1 = emit(alice, Probes.RUN_A);
    }

    @Actor
    public void bobRun() {
        error2 = emit(bob, Probes.RUN_B);
    }

    private static String emit(ManagedSession session, UserExecutionContext run) {
        try {
            UserWebSocketManager m = session.managerForRun(run);
            m.emitCriticalEvent(AgentEvent.AGENT_STARTED, Probes.emittedBy(run.userId()));
            m.sendToThread(run.threadId(), Probes.event(run, AgentEvent.AGENT_THINKING));
            return null;
        } catch (RuntimeException e) {
            return Probes.threw(e);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        try {
            if (error1 != null || error2 != null) {
                r.r1 = error1 != null ? error1 : error2;
            } else {
                Verdict v = new Verdict();
                v.check(aliceSink.events(), Probes.RUN_A);
                v.check(bobSink.events(), Probes.RUN_B);
                r.r1 = v.toString();
            }
        } catch (RuntimeException e) {
            r.r1 = Probes.threw(e);
        }
        Probes.close(backend);
    }

    /** The failures seen on the connections, in a fixed order, joined with '+'; ISOLATED when none. */
    static final class Verdict {
        boolean leaked;
        boolean masked;
        boolean lostUser;
        boolean lostThread;
        boolean duplicated;
        boolean reordered;

        void check(List<AgentEvent> received, UserExecutionContext owner) {
            String user = owner.userId();
            for (AgentEvent e : received) {
                if (Probes.isForeign(e, user)) {
                    if (Probes.isMaskedLeak(e, user)) {
                        masked = true;
                    } else {
                        leaked = true;
                    }
                }
            }
            List<String> own = Probes.typesOf(received, user);
            long started = own.stream().filter(AgentEvent.AGENT_STARTED::equals).count();
            long thinking = own.stream().filter(AgentEvent.AGENT_THINKING::equals).count();
            lostUser |= started == 0;
            lostThread |= thinking == 0;
            duplicated |= started > 1 || thinking > 1;
            if (started == 1 && thinking == 1 && own.indexOf(AgentEvent.AGENT_STARTED) > own.indexOf(AgentEvent.AGENT_THINKING)) {
                reordered = true;
            }
        }

        @Override
        public String toString() {
            StringJoiner j = new StringJoiner("+");
            if (leaked) {
                j.add("LEAKED");
            }
            if (masked) {
                j.add("LEAKED_MASKED");
            }
            if (lostUser) {
                j.add("LOST_USER_EVENT");
            }
            if (lostThread) {
                j.add("LOST_THREAD_EVENT");
            }
            if (duplicated) {
                j.add("DUPLICATED");
            }
            if (reordered) {
                j.add("REORDERED");
            }
            return j.length() == 0 ? "ISOLATED" : j.toString();
        }
    }
}
