package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;

/**
 * {@code defect.thread-as-user-routing} (loss): the {@code registry} path's managers, whose
 * {@code sendToThread(threadId, event)} looks the thread id up in the per-user connection map
 * (user id to connections), as if it were a user id.
 *
 * <p><b>What it breaks.</b> No user is called like a thread, so the lookup finds no connection;
 * the event goes to a recovery queue keyed by the thread id, which no connection ever drains.
 * Every thread-addressed event is lost, silently: no exception, and {@code sendToUser} keeps
 * working, so a test that only uses {@code sendToUser} passes.
 *
 * <p><b>Reference backend.</b> Mirrors a manager whose connections are kept per user (as after
 * the migration) while agent events are still addressed by thread: looking the thread id up
 * where user ids are the keys finds nothing, and nothing complains. (A failure this design
 * invites; see {@code system-under-test.md}.)
 *
 * <p><b>Caught by</b>, unaided: the load driver's loss check on every run, in every scenario of
 * {@code crosstalk load --all} (the embedded server emits with {@code sendToThread}); JCStress's
 * {@code concurrent-emits}, {@code reconnect-while-emitting}, {@code cross-thread-emit},
 * {@code close-during-run} and {@code colliding-keys} probes (32 of 32 samples each); explore's
 * {@code pooled-workers} scenario. No hook point: the failure is deterministic.
 */
public final class ThreadAsUserRoutingProvider extends DefectProvider {

    public static final String NAME = "defect.thread-as-user-routing";

    public ThreadAsUserRoutingProvider() {
        super(NAME, FailureClass.LOSS, "sendToThread looks the thread id up in the per-user connection map:"
                + " thread-addressed events are never delivered, silently");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return new PerUserBackend(options, (context, o) -> new IsolatedManager(context, o) {
            /** The seeded change: the thread id used as the user key. */
            @Override
            protected Route routeToThread(String threadId, AgentEvent event) {
                return new Route(threadId, threadId);
            }
        });
    }
}
