package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.RecoveryQueue;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;

/**
 * {@code defect.shared-recovery-queue} (leak): the {@code registry} path's per-user managers,
 * but every manager of a backend stores undeliverable events in one global recovery queue
 * instead of its user's own (the managers share one lock so the queue itself stays consistent).
 *
 * <p><b>What it breaks.</b> Events sent to user A while A has no open connection wait in the
 * global queue; the next user to (re)connect, say B, drains the whole queue into B's connection:
 * B receives A's events (leak) and A, reconnecting, receives nothing (loss).
 *
 * <p><b>Reference backend.</b> Mirrors the reference's recovery queue for events sent while a user
 * has no open connection; kept as one process-wide buffer (as the deprecated path's state was
 * process-wide) instead of one per user's manager, it hands a reconnecting user someone else's
 * events. (A failure this design invites; see {@code system-under-test.md}.)
 *
 * <p><b>Caught by</b>, unaided: JCStress's {@code reconnect-vs-queued-events} probe (a reconnecting
 * user drains a foreign event; 12 of 32 samples in sanity mode); and the load driver's leak and
 * recovery checks in its {@code churn} and {@code pressure} scenarios, tame and adversarial ids (a
 * reconnecting user receives other users' queued events and their owners lose them: 4–127 leaks a
 * cell in {@code crosstalk load --all}). Scenarios that drop no connection ({@code steady},
 * {@code connection-storm}, {@code first-use}) cannot see it. Explore's {@code reconnect-while-emitting}
 * catches it when the threads start in the right order (u1's reconnect after u2's connect: "event 1 of
 * run r1 of user u1 reached u2's tab"; every start order is searched, docs/explore.md). No hook point:
 * the failure needs no particular interleaving, only a disconnected user and a connect.
 */
public final class SharedRecoveryQueueProvider extends DefectProvider {

    public static final String NAME = "defect.shared-recovery-queue";

    public SharedRecoveryQueueProvider() {
        super(NAME, FailureClass.LEAK, "per-user managers sharing one global recovery queue: a user who"
                + " (re)connects drains events queued for someone else");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        RecoveryQueue global = new RecoveryQueue(options.recoveryQueueCapacity());
        DefectManager.Guard lock = DefectManager.Guard.monitor(global);
        return new PerUserBackend(options, (context, o) -> new IsolatedManager(context, o, lock) {
            /** The seeded change: every user's queue is the backend's one queue. */
            @Override
            protected RecoveryQueue newQueue(String userId) {
                return global;
            }
        });
    }
}
