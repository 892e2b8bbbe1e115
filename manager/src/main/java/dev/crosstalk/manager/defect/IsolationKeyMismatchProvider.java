package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.TooManyManagersException;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.factory.WebSocketManagerFactory.IsolationKey;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;

/**
 * {@code defect.isolation-key-mismatch} (loss): the {@code factory} path whose factory registers
 * a new manager under (user, run) but looks managers up (and cleans them up) under the isolation
 * key (user, thread).
 *
 * <p><b>What it breaks.</b> The lookup never finds what was registered, so every
 * {@code createManager} builds a new manager: a session's connection sits on one manager while
 * each of its runs' events goes to a fresh manager without connections (loss); registering under
 * the run key replaces, and so orphans, the previous manager of the same run, and cleanup finds
 * nothing; the orphans still count against the per-user limit and, holding queued events, are
 * never evictable, so the user soon hits {@link TooManyManagersException}.
 *
 * <p><b>Reference backend.</b> The reference documented a "maximum number of WebSocket managers"
 * outage on its factory path; an isolation key computed in two places that disagree (one of them
 * from the run id) is one way to get there, with silent event loss before the limit is reached.
 *
 * <p><b>Caught by</b>, unaided: JCStress's {@code same-user-creation} probe (two managers for one
 * isolation key) and 8 more probes (26–32 of 32 samples, deterministic); explore, in every scenario;
 * and the load driver in every scenario of {@code crosstalk load --all}, tame and adversarial ids
 * (loss from a user's first run on: 128 losses in each steady cell; with the default limit of 20,
 * sends refused with {@code TooManyManagersException} from the user's fourth run of 5 events on).
 * No hook point: the failure is deterministic.
 */
public final class IsolationKeyMismatchProvider extends DefectProvider {

    public static final String NAME = "defect.isolation-key-mismatch";

    public IsolationKeyMismatchProvider() {
        super(NAME, FailureClass.LOSS, "factory registering managers under userId:runId but looking up and"
                + " cleaning up under userId:threadId: duplicates, orphans, the per-user limit hit");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return DefectFactory.backend(options, new DefectFactory.Policy() {
            /** The seeded change: the key written (the run in the thread's place) is not the key read. */
            @Override
            public IsolationKey registerKey(UserExecutionContext context) {
                return new IsolationKey(context.userId(), context.runId());
            }
        });
    }
}
