package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;

/**
 * {@code defect.masked-leak} (leak): the shared global manager of
 * {@code defect.shared-singleton-manager}, plus a "sanitiser" that, before writing an event to a
 * connection, rewrites a {@code user_id} that is not the receiver's to the receiver's
 * ({@link AgentEvent#withUserId}).
 *
 * <p><b>What it breaks.</b> The same cross-user leakage as the shared singleton, but every event
 * a connection receives now claims to belong to the receiver: a checker that looks only at
 * {@code user_id} sees nothing wrong. The {@code run_id} (and {@code thread_id}) still betray
 * the leak: the receiver never started that run.
 *
 * <p><b>Reference backend.</b> Like the reference's outbound "sanitiser", which normalised the
 * {@code user_id} of outgoing messages to the connection's user: a check by {@code user_id} then
 * passes while events cross users.
 *
 * <p><b>Caught by</b>, unaided: JCStress's {@code different-users} (32 of 32 samples) and
 * {@code concurrent-emits-two-users} probes, only because they compare run ids; explore's
 * {@code two-users}, {@code reconnect-while-emitting} and {@code joined-keys-collide} scenarios; and
 * the load driver's leak check by run id in every scenario of {@code crosstalk load --all} (700–2,900
 * leaks a cell). A check by {@code user_id} must miss it: that is the point of this positive
 * control. The window is the hook point {@link #POINT_CONTEXT_SET}.
 */
public final class MaskedLeakProvider extends DefectProvider {

    public static final String NAME = "defect.masked-leak";

    /** Reached by a send on the shared manager, after its caller set the current context, before routing. */
    public static final String POINT_CONTEXT_SET = "masked-leak.context-set";

    public MaskedLeakProvider() {
        super(NAME, FailureClass.LEAK, "shared global manager whose sanitiser rewrites a foreign user_id to"
                + " the receiver's: leakage invisible to a user_id check, visible by run_id");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return new SharedBackend(options, new SharedManager(options, POINT_CONTEXT_SET) {
            /** The seeded change: the sanitiser. */
            @Override
            protected AgentEvent outgoing(AgentEvent event, Connection receiver) {
                return event.userId().equals(receiver.userId()) ? event : event.withUserId(receiver.userId());
            }
        });
    }
}
