package dev.crosstalk.stress;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.RecordingSink;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.ManagerBackend;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import java.util.StringJoiner;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * add-remove-vs-send: on one manager of Alice with tab 1 open, one thread opens tabs 2 and 4 and
 * closes tabs 1 and 4 while another opens tab 3 and sends twice. Nothing may throw; both sends reach
 * tab 3 (registered before them, by the same thread) exactly once; afterwards a send reaches tabs 2
 * and 3 and neither tab 1 nor tab 4 (no registration or removal was lost). Expected to catch
 * {@code unsynchronized-connections}.
 */
@JCStressTest
@Description("add-remove-vs-send: connections are added and removed on one manager while another thread adds one"
        + " and sends; no exception, no lost registration or removal, every send reaches the registered connections.")
@Outcome(id = "CONSISTENT", expect = ACCEPTABLE,
        desc = "no exception; the racing sends reached tab 3 once each; the later send reached tabs 2 and 3 only")
@Outcome(id = "LOST_REGISTRATION", expect = FORBIDDEN, desc = "a registered connection did not receive the later send")
@Outcome(id = "LOST_REMOVAL", expect = FORBIDDEN, desc = "a removed connection still received the later send")
@Outcome(id = "LOST_EVENT", expect = FORBIDDEN, desc = "a racing send did not reach the connection registered before it")
@Outcome(id = "DUPLICATED", expect = FORBIDDEN, desc = "a connection received one send twice")
@Outcome(id = "THREW_.*", expect = FORBIDDEN,
        desc = "adding, removing or sending threw (e.g. ConcurrentModificationException from a plain collection)")
@Outcome(expect = FORBIDDEN, desc = "a combination of the failures above (joined with '+')")
@State
public class ConnectionChurnProbe {

    final ManagerBackend backend = Probes.start();
    final UserWebSocketManager manager = backend.obtain(Probes.CTX_A);
    final RecordingSink tab1 = new RecordingSink();
    final RecordingSink tab2 = new RecordingSink();
    final RecordingSink tab3 = new RecordingSink();
    final RecordingSink tab4 = new RecordingSink();
    final Connection c1 = Probes.connection("conn-alice-1", Probes.ALICE, Probes.THREAD_A, tab1);
    final Connection c2 = Probes.connection("conn-alice-2", Probes.ALICE, Probes.THREAD_A, tab2);
    final Connection c3 = Probes.connection("conn-alice-3", Probes.ALICE, Probes.THREAD_A, tab3);
    final Connection c4 = Probes.connection("conn-alice-4", Probes.ALICE, Probes.THREAD_A, tab4);
    String error1;
    String error2;

    public ConnectionChurnProbe() {
        manager.addConnection(c1);
    }

    @Actor
    public void churn() {
        try {
            manager.addConnection(c2);
            manager.addConnection(c4);
            manager.removeConnection(c1.connectionId());
            manager.removeConnection(c4.connectionId());
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void addAndSend() {
        try {
            manager.addConnection(c3);
            manager.sendToUser(Probes.ALICE, Probes.event(Probes.RUN_A, AgentEvent.AGENT_STARTED));
            manager.sendToUser(Probes.ALICE, Probes.event(Probes.RUN_A, AgentEvent.TOOL_EXECUTING));
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
                manager.sendToUser(Probes.ALICE, Probes.event(Probes.RUN_A, AgentEvent.AGENT_THINKING));
                StringJoiner j = new StringJoiner("+");
                boolean lostRegistration = count(tab2, AgentEvent.AGENT_THINKING) == 0
                        || count(tab3, AgentEvent.AGENT_THINKING) == 0;
                if (lostRegistration) {
                    j.add("LOST_REGISTRATION");
                }
                if (count(tab1, AgentEvent.AGENT_THINKING) > 0 || count(tab4, AgentEvent.AGENT_THINKING) > 0) {
                    j.add("LOST_REMOVAL");
                }
                if (!lostRegistration && (count(tab3, AgentEvent.AGENT_STARTED) == 0
                        || count(tab3, AgentEvent.TOOL_EXECUTING) == 0)) {
                    j.add("LOST_EVENT");
                }
                boolean duplicated = false;
                for (RecordingSink tab : new RecordingSink[]{tab1, tab2, tab3, tab4}) {
                    for (String type : new String[]{AgentEvent.AGENT_STARTED, AgentEvent.TOOL_EXECUTING,
                            AgentEvent.AGENT_THINKING}) {
                        duplicated |= count(tab, type) > 1;
                    }
                }
                if (duplicated) {
                    j.add("DUPLICATED");
                }
                r.r1 = j.length() == 0 ? "CONSISTENT" : j.toString();
            }
        } catch (RuntimeException e) {
            r.r1 = Probes.threw(e);
        }
        Probes.close(backend);
    }

    private static long count(RecordingSink sink, String type) {
        return sink.events().stream().filter(e -> e.type().equals(type) && Probes.isOf(e, Probes.ALICE)).count();
    }
}
