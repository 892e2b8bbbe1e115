package dev.crosstalk.stress;

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
 * different-users: Alice's and Bob's runs obtain their managers at once. Each must get a manager
 * bound to its own user, and not the same one. Expected to catch {@code shared-singleton-manager}
 * and {@code masked-leak} when those share one manager between users.
 */
@JCStressTest
@Description("different-users: two threads obtain managers for two users at once; each must be bound to its own"
        + " user and nothing may be shared.")
@Outcome(id = "ISOLATED", expect = ACCEPTABLE, desc = "two managers, each bound to its own user")
@Outcome(id = "SHARED_MANAGER", expect = FORBIDDEN,
        desc = "both users got the same manager object: one user's state is reachable from the other's runs")
@Outcome(id = "WRONG_USER", expect = FORBIDDEN, desc = "a manager is bound to the other user, or to none")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "obtaining a manager threw")
@Outcome(expect = FORBIDDEN, desc = "any other outcome")
@State
public class DifferentUsersProbe {

    final ManagerBackend backend = Probes.start();
    UserWebSocketManager alice;
    UserWebSocketManager bob;
    String aliceUser;
    String bobUser;
    String error1;
    String error2;

    @Actor
    public void aliceRun() {
        try {
            alice = backend.obtain(Probes.RUN_A);
            aliceUser = alice.context().userId();
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void bobRun() {
        try {
            bob = backend.obtain(Probes.RUN_B);
            bobUser = bob.context().userId();
        } catch (RuntimeException e) {
            error2 = Probes.threw(e);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        if (error1 != null || error2 != null) {
            r.r1 = error1 != null ? error1 : error2;
        } else if (alice == bob) {
            r.r1 = "SHARED_MANAGER";
        } else if (!Probes.ALICE.equals(aliceUser) || !Probes.BOB.equals(bobUser)) {
            r.r1 = "WRONG_USER";
        } else {
            r.r1 = "ISOLATED";
        }
        Probes.close(backend);
    }
}
