package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;

/**
 * {@code defect.evict-during-send} (loss): the {@code factory} path whose idle eviction removes
 * every manager that has no connection, regardless of its idle time and of the events waiting
 * in its recovery queue, and whose evicted managers drop later sends silently instead of
 * refusing them with {@link dev.crosstalk.manager.ManagerClosedException}.
 *
 * <p><b>What it breaks.</b> A run that still emits through its manager while the user's tab is
 * momentarily disconnected loses the queued events when the sweeper runs, and every event it
 * emits afterwards vanishes without an error; the user's reconnect gets a fresh, empty manager.
 * The correct factory never evicts a manager with queued events or with activity within the
 * threshold, and closes what it evicts so a late send fails loudly.
 *
 * <p><b>Reference backend.</b> Mirrors the deprecated factory's idle eviction at the per-user
 * limit: judging "idle" by "has no websocket" alone, and letting a cleaned-up manager return
 * early from its send, loses a run's tail across a reconnect with no error anywhere. (A failure
 * this design invites; see {@code system-under-test.md}.)
 *
 * <p><b>Caught by</b>, unaided: JCStress's {@code evict-vs-send} probe (32 of 32 samples in sanity
 * mode); explore's {@code evict-vs-send} scenario; and the load driver's recovery check in its
 * {@code pressure} scenario, tame and adversarial ids (tabs drop with runs in flight and stay away
 * past the server's idle-eviction threshold while it sweeps: 40 losses in each {@code load --all}
 * cell). Every other load scenario is clean: nothing else leaves a manager without connections
 * past the threshold. (Its factory keys by the correct factory's {@code IsolationKey}; while it
 * keyed by the joined {@code userId:threadId}, adversarial ids got refusals from that key in every
 * scenario, which were not its seeded change.) No hook point: tests drive eviction with
 * {@link dev.crosstalk.manager.spi.ManagerBackend#evictIdle()} and the options' clock.
 */
public final class EvictDuringSendProvider extends DefectProvider {

    public static final String NAME = "defect.evict-during-send";

    public EvictDuringSendProvider() {
        super(NAME, FailureClass.LOSS, "idle eviction removes managers without connection regardless of"
                + " idle time and queued events, and evicted managers drop sends silently");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return DefectFactory.backend(options, new DefectFactory.Policy() {
            @Override
            public DefectManager newManager(UserExecutionContext context, BackendOptions opts) {
                return new IsolatedManager(context, opts) {
                    /** The seeded change, part two: an evicted manager swallows sends. */
                    @Override
                    protected boolean dropsWhenClosed() {
                        return true;
                    }
                };
            }

            /** The seeded change, part one: "no connection" is enough to be evicted. */
            @Override
            public boolean evictable(DefectManager manager, long nowMillis, long idleMillis) {
                return manager.hasNoConnection();
            }
        });
    }
}
