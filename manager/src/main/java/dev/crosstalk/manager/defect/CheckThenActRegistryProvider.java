package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.ssot.WebSocketManager;

/**
 * {@code defect.check-then-act-registry} (loss): the {@code registry} path whose get-or-create
 * is a {@code get}, then a {@code put}, instead of one atomic {@code computeIfAbsent}.
 *
 * <p><b>What it breaks.</b> Two callers for the same user that both find no manager each create
 * one; the later {@code put} replaces the earlier manager, which keeps the connection registered
 * with it. Runs resolve the registry's (surviving) manager, so the connection on the replaced
 * manager never receives them: duplicate managers per user, lost events.
 *
 * <p><b>Reference backend.</b> Mirrors the per-user registry the reference added after the
 * migration ({@code WebSocketManagerRegistry.getWebSocketManager(context)}), written as the
 * natural-looking {@code if user_id not in managers: managers[user_id] = WebSocketManager(...)}:
 * two tabs of one user connecting at once get two managers, and one tab stays silent. (A failure
 * this design invites; see {@code system-under-test.md}.)
 *
 * <p><b>Caught by</b>, unaided: JCStress's {@code same-user-creation} probe (two managers for one
 * user, 13 of 32 samples in sanity mode) and, for delivery, {@code register-vs-emit} (8 of 32);
 * explore's {@code two-tabs-while-emitting} and {@code first-tabs-of-a-fresh-backend} scenarios; and
 * the load driver's {@code first-use} scenario (a user's tabs open at once while the user has no
 * manager: the tab left on the replaced manager loses its runs), in 5 of 5 standalone runs of its
 * {@code load --all} cell (3–20 losses each) and in the first of {@code load --all}'s four rounds on 2026-12-06 (19
 * losses); one {@code load --all} with a single round missed it (docs/load.md). Every other load scenario was clean
 * ({@code steady}, {@code connection-storm}, {@code churn}, {@code pressure}, tame and adversarial
 * ids): their concurrent sessions of one user meet an existing manager. The window is the hook
 * point {@link #POINT_MISSED}, between the get and the put.
 */
public final class CheckThenActRegistryProvider extends DefectProvider {

    public static final String NAME = "defect.check-then-act-registry";

    /** Reached after {@code get} found no manager for the user, before the new one is put. */
    public static final String POINT_MISSED = "check-then-act-registry.missed";

    public CheckThenActRegistryProvider() {
        super(NAME, FailureClass.LOSS, "registry whose get-or-create is get, then put:"
                + " duplicate managers per user, events lost for the connection on the replaced one");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return new PerUserBackend(options, WebSocketManager::new) {
            /** The seeded change: check, then act. */
            @Override
            public UserWebSocketManager obtain(UserExecutionContext context) {
                UserWebSocketManager manager = managers.get(context.userId());
                if (manager == null) {
                    options.hook().reached(POINT_MISSED);
                    manager = newManager(context);
                    managers.put(context.userId(), manager);
                }
                return manager;
            }
        };
    }
}
