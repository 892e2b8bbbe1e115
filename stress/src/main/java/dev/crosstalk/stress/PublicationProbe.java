package dev.crosstalk.stress;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.ManagerBackend;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * publication: one thread obtains a manager and hands it to another through a plain field (a data
 * race, on purpose: a manager whose identity fields are final survives it); the other reads the
 * user id. If nothing was handed over yet, the reader obtains the manager itself, racing the path's
 * own publication. A manager must never be seen without its user id. Expected to catch
 * {@code unsafe-publication} where the hardware and JIT reorder the stores (on x86 it may never show).
 */
@JCStressTest
@Description("publication: a manager handed to another thread through a racy field, or obtained concurrently,"
        + " must never be seen with a null user id.")
@Outcome(id = "SEEN_BOUND", expect = ACCEPTABLE, desc = "the reader got the handed-over manager and saw its user id")
@Outcome(id = "OBTAINED_BOUND", expect = ACCEPTABLE,
        desc = "nothing was handed over yet; the manager the reader obtained itself showed its user id")
@Outcome(id = "NULL_USER_ID", expect = FORBIDDEN,
        desc = "the reader saw a manager whose context or user id was null: it was published before its fields")
@Outcome(id = "WRONG_USER", expect = FORBIDDEN, desc = "the reader saw a manager bound to another user")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "obtaining or reading the manager threw")
@Outcome(expect = FORBIDDEN, desc = "any other outcome")
@State
public class PublicationProbe {

    final ManagerBackend backend = Probes.start();
    /** Deliberately not volatile: the hand-over is a data race. */
    UserWebSocketManager handedOver;
    String error1;

    @Actor
    public void writer() {
        try {
            handedOver = backend.obtain(Probes.RUN_A);
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void reader(L_Result r) {
        try {
            UserWebSocketManager m = handedOver;
            String seen = m == null ? "OBTAINED_" : "SEEN_";
            if (m == null) {
                m = backend.obtain(Probes.RUN_A);
            }
            UserExecutionContext ctx = m.context();
            String user = ctx == null ? null : ctx.userId();
            if (user == null) {
                r.r1 = "NULL_USER_ID";
            } else if (!Probes.ALICE.equals(user)) {
                r.r1 = "WRONG_USER";
            } else {
                r.r1 = seen + "BOUND";
            }
        } catch (RuntimeException e) {
            r.r1 = Probes.threw(e);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        if (error1 != null) {
            r.r1 = error1;
        }
        Probes.close(backend);
    }
}
