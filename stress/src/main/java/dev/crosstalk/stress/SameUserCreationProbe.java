package dev.crosstalk.stress;

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
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * same-user: two runs of one user in one thread (one isolation key) obtain their manager at once.
 * A path that shares managers ({@link Sharing#PER_USER}, {@link Sharing#PER_ISOLATION_KEY},
 * {@link Sharing#GLOBAL}) must hand both the same instance; direct instantiation
 * ({@link Sharing#PER_CALL}) hands each its own. Expected to catch {@code check-then-act-registry},
 * {@code racy-factory-singleton} (two factories, two managers) and {@code isolation-key-mismatch}.
 */
@JCStressTest
@Description("same-user: two threads obtain the manager for one user and thread (one isolation key) at once;"
        + " a sharing path must return one manager, each bound to that user.")
@Outcome(id = "ONE_MANAGER", expect = ACCEPTABLE, desc = "both threads got the same manager, bound to the user")
@Outcome(id = "OWN_MANAGERS", expect = ACCEPTABLE,
        desc = "direct instantiation (sharing PER_CALL): each thread got its own manager, both bound to the user")
@Outcome(id = "TWO_MANAGERS", expect = FORBIDDEN,
        desc = "a sharing path created two managers for one isolation key: connections on one never see events of the other")
@Outcome(id = "WRONG_USER", expect = FORBIDDEN, desc = "a manager is not bound to the user it was obtained for")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "obtaining the manager threw")
@Outcome(expect = FORBIDDEN, desc = "any other outcome")
@State
public class SameUserCreationProbe {

    final ManagerBackend backend = Probes.start();
    UserWebSocketManager first;
    UserWebSocketManager second;
    String error1;
    String error2;

    @Actor
    public void run1() {
        try {
            first = backend.obtain(Probes.RUN_A);
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void run2() {
        try {
            second = backend.obtain(Probes.RUN_A2);
        } catch (RuntimeException e) {
            error2 = Probes.threw(e);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        try {
            if (error1 != null || error2 != null) {
                r.r1 = error1 != null ? error1 : error2;
            } else if (!Probes.ALICE.equals(first.context().userId())
                    || !Probes.ALICE.equals(second.context().userId())) {
                r.r1 = "WRONG_USER";
            } else if (first == second) {
                r.r1 = "ONE_MANAGER";
            } else {
                r.r1 = backend.sharing() == Sharing.PER_CALL ? "OWN_MANAGERS" : "TWO_MANAGERS";
            }
        } catch (RuntimeException e) {
            r.r1 = Probes.threw(e);
        }
        Probes.close(backend);
    }
}
