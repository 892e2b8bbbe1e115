package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.Sharing;

/**
 * {@code defect.shared-singleton-manager} (leak): one global manager for every user
 * ({@link Sharing#GLOBAL}) that keeps every user's connections and a mutable "current user
 * context", set whenever a caller obtains it (opening a session, {@code obtain(context)},
 * {@code managerForRun(run)}); {@code sendToUser} and {@code sendToThread} route by that current
 * context instead of by the addressed user.
 *
 * <p><b>What it breaks.</b> When user B's caller obtains the manager between user A's caller
 * obtaining it and delivering, A's events (A's {@code run_id}, A's {@code user_id}) are written
 * to B's connections: cross-user leakage, and A misses them.
 *
 * <p><b>Reference backend.</b> This is the original design the migration to
 * {@code WebSocketManager(user_context=context)} removed: one process-wide manager whose user
 * context is set before each emit, which leaks events between users under concurrency.
 *
 * <p><b>Caught by</b>, unaided: JCStress's {@code different-users} (32 of 32 samples) and
 * {@code concurrent-emits-two-users} probes (an event seen by the wrong user); explore's
 * {@code two-users}, {@code reconnect-while-emitting} and {@code joined-keys-collide} scenarios; and
 * the load driver's leak check (a connection receives a foreign {@code run_id}) in every scenario of
 * {@code crosstalk load --all}, tame and adversarial ids. The window is the hook point
 * {@link #POINT_CONTEXT_SET}, reached by every send after the context was set and before it is read
 * for routing.
 */
public final class SharedSingletonManagerProvider extends DefectProvider {

    public static final String NAME = "defect.shared-singleton-manager";

    /** Reached by a send on the shared manager, after its caller set the current context, before routing. */
    public static final String POINT_CONTEXT_SET = "shared-singleton-manager.context-set";

    public SharedSingletonManagerProvider() {
        super(NAME, FailureClass.LEAK, "one global manager for all users with a mutable current user"
                + " context set before each emit: events routed to whoever set it last");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return new SharedBackend(options, new SharedManager(options, POINT_CONTEXT_SET));
    }
}
