package dev.crosstalk.stress;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.IsolationViolationException;
import dev.crosstalk.manager.RecordingSink;
import dev.crosstalk.manager.UserExecutionContext;
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
import java.util.LinkedHashSet;
import java.util.Set;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * colliding-keys: two different identities whose user and thread ids, joined with ':', give the
 * same string: user {@code carol:x} in thread {@code t}, and user {@code carol} in thread
 * {@code x:t} (both "carol:x:t"). Ids may contain ':' (the context accepts any non-placeholder
 * id), so they are two users. Each opens a session and her run emits one event, at the same time;
 * each must receive her own event, once, and nothing of the other's. A path that keys managers by
 * a joined string hands one user the other's manager: a leak, unless the manager refuses the
 * foreign user loudly ({@code REFUSED_LOUDLY}: the contract's "or refused with an exception" holds,
 * isolation holds, but a legitimate user is turned away; the correct {@code factory} path does
 * this, see docs/stress.md).
 */
@JCStressTest
@Description("colliding-keys: identities whose joined keys collide (carol:x + t vs carol + x:t) are two users;"
        + " each must receive her own event once and nothing of the other's.")
@Outcome(id = "ISOLATED", expect = ACCEPTABLE, desc = "each user received her own event once, and nothing of the other's")
@Outcome(id = "REFUSED_LOUDLY", expect = ACCEPTABLE_INTERESTING,
        desc = "one user was refused with an IsolationViolationException (her joined key collided with the other's);"
                + " nothing leaked and nothing was silent, but a legitimate user was turned away")
@Outcome(id = "LEAKED", expect = FORBIDDEN, desc = "a user received the other's event")
@Outcome(id = "LEAKED_MASKED", expect = FORBIDDEN,
        desc = "a user received the other's event carrying her own user_id: a user_id check misses it")
@Outcome(id = "LOST", expect = FORBIDDEN, desc = "a user's own event never reached her")
@Outcome(id = "DUPLICATED", expect = FORBIDDEN, desc = "a user received her own event twice")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "opening or emitting threw something else than a refusal")
@Outcome(expect = FORBIDDEN, desc = "a combination of the failures above (joined with '+')")
@State
public class CollidingKeysProbe {

    static final String USER_1 = "carol:x";
    static final String THREAD_1 = "t";
    static final String USER_2 = "carol";
    static final String THREAD_2 = "x:t";
    static final UserExecutionContext CTX_1 = new UserExecutionContext(USER_1, THREAD_1, "run-carol:x-0", "req-1");
    static final UserExecutionContext CTX_2 = new UserExecutionContext(USER_2, THREAD_2, "run-carol-0", "req-2");

    static final String REFUSED = "REFUSED_LOUDLY";

    final ManagerBackend backend = Probes.start();
    final RecordingSink tab1 = new RecordingSink();
    final RecordingSink tab2 = new RecordingSink();
    String error1;
    String error2;

    @Actor
    public void first() {
        error1 = openAndEmit(CTX_1, tab1, "conn-1");
    }

    @Actor
    public void second() {
        error2 = openAndEmit(CTX_2, tab2, "conn-2");
    }

    /** Opens the user's session and emits one event of her run; {@code REFUSED_LOUDLY}, another failure's id, or null. */
    private String openAndEmit(UserExecutionContext ctx, RecordingSink tab, String connectionId) {
        try {
            ManagedSession s = backend.open(ctx, Probes.connection(connectionId, ctx.userId(), ctx.threadId(), tab),
                    Probes.NO_OP);
            UserExecutionContext run = ctx.withRunId("run-" + ctx.userId() + "-1");
            s.managerForRun(run).sendToThread(ctx.threadId(), Probes.event(run, AgentEvent.AGENT_STARTED));
            return null;
        } catch (IsolationViolationException e) {
            return REFUSED;
        } catch (RuntimeException e) {
            return Probes.threw(e);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        try {
            if (threw(error1) || threw(error2)) {
                r.r1 = threw(error1) ? error1 : error2;
            } else {
                Set<String> failures = new LinkedHashSet<>();
                judge(tab1.events(), USER_1, error1 == null, failures);
                judge(tab2.events(), USER_2, error2 == null, failures);
                r.r1 = !failures.isEmpty() ? String.join("+", failures)
                        : error1 != null || error2 != null ? REFUSED : "ISOLATED";
            }
        } catch (RuntimeException e) {
            r.r1 = Probes.threw(e);
        }
        Probes.close(backend);
    }

    private static boolean threw(String error) {
        return error != null && !REFUSED.equals(error);
    }

    /**
     * Adds to {@code failures} how what {@code user}'s tab received breaks isolation, or (if she was
     * served, not refused) exactly-once.
     */
    private static void judge(List<AgentEvent> received, String user, boolean served, Set<String> failures) {
        if (received.stream().anyMatch(e -> Probes.isForeign(e, user) && !Probes.isMaskedLeak(e, user))) {
            failures.add("LEAKED");
        }
        if (received.stream().anyMatch(e -> Probes.isMaskedLeak(e, user))) {
            failures.add("LEAKED_MASKED");
        }
        String broken = Probes.exactlyOnceInOrder(Probes.typesOf(received, user), List.of(AgentEvent.AGENT_STARTED));
        if (broken != null && served) {
            failures.add(broken);
        }
    }
}
