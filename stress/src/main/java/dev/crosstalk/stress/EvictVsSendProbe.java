package dev.crosstalk.stress;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.ManagerClosedException;
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

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * evict-vs-send: an in-flight run holds a manager that has no connection (Alice's tab is away),
 * so idle eviction, configured to evict at once, may take it while the run sends. The send must
 * either be kept for Alice (she receives it when she reconnects) or fail loudly with
 * {@link ManagerClosedException}; never be accepted and then dropped.
 *
 * <p>Alice reconnects as her path's callers do: {@link ManagerBackend#open} for sharing paths, the
 * run's own manager under direct instantiation ({@link Sharing#PER_CALL}, which never evicts).
 * Expected to catch {@code evict-during-send}.
 */
@JCStressTest
@Description("evict-vs-send: idle eviction races a send on an in-flight manager without connections; the event must"
        + " be delivered (on reconnect) or refused loudly with ManagerClosedException, never silently dropped.")
@Outcome(id = "DELIVERED", expect = ACCEPTABLE, desc = "the send was kept and Alice received it once on reconnect")
@Outcome(id = "REFUSED_LOUDLY", expect = ACCEPTABLE_INTERESTING,
        desc = "eviction won: the send failed fast with ManagerClosedException, so the run knows")
@Outcome(id = "SILENT_DROP", expect = FORBIDDEN,
        desc = "the send returned normally but Alice never received the event: eviction dropped it silently")
@Outcome(id = "DUPLICATED", expect = FORBIDDEN, desc = "Alice received the event more than once")
@Outcome(id = "REFUSED_BUT_DELIVERED", expect = FORBIDDEN,
        desc = "the send was refused, yet the event arrived: a run that retries would duplicate it")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "sending, evicting or reconnecting threw something else")
@Outcome(expect = FORBIDDEN, desc = "any other outcome")
@State
public class EvictVsSendProbe {

    final ManagerBackend backend = Probes.start(Probes.EVICT_AT_ONCE);
    final UserWebSocketManager run = backend.obtain(Probes.RUN_A);
    final RecordingSink sink = new RecordingSink();
    boolean sent;
    boolean refused;
    String error1;
    String error2;

    @Actor
    public void runSends() {
        try {
            run.emitCriticalEvent(AgentEvent.AGENT_STARTED, Probes.emittedBy(Probes.ALICE));
            sent = true;
        } catch (ManagerClosedException e) {
            refused = true;
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void evictor() {
        try {
            backend.evictIdle();
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
                var again = Probes.connection("conn-alice-2", Probes.ALICE, Probes.THREAD_A, sink);
                if (backend.sharing() == Sharing.PER_CALL) {
                    if (!run.isClosed()) {
                        run.addConnection(again);
                    }
                } else {
                    backend.open(Probes.CTX_A, again, Probes.NO_OP);
                }
                long n = Probes.typesOf(sink.events(), Probes.ALICE).size();
                if (n > 1) {
                    r.r1 = "DUPLICATED";
                } else if (sent) {
                    r.r1 = n == 1 ? "DELIVERED" : "SILENT_DROP";
                } else {
                    r.r1 = n == 1 ? "REFUSED_BUT_DELIVERED" : "REFUSED_LOUDLY";
                }
            }
        } catch (RuntimeException e) {
            r.r1 = Probes.threw(e);
        }
        Probes.close(backend);
    }
}
