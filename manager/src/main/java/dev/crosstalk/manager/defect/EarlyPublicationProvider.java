package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;

import java.util.Map;
import java.util.Objects;

/**
 * {@code defect.early-publication} (loss): the {@code registry} path whose manager registers
 * itself with the registry in its constructor, <em>before</em> it assigns its context, and whose
 * registry hands out what it finds without a lock (the creation itself is locked).
 *
 * <p><b>What it breaks.</b> The reference to the manager is published (a
 * {@code ConcurrentHashMap.put}: a safe publication of <em>the reference</em>) before the
 * constructor's later stores in program order. A second caller that looks the user up in that
 * window gets a manager whose {@link UserWebSocketManager#context()} is still null: its sends
 * throw (an isolation violation, or a {@code NullPointerException} in {@code emitCriticalEvent}),
 * and a run that obtained it loses its events. The context field is {@code final}, and that does
 * not help: final fields are only guaranteed to be seen set once the constructor has finished, and
 * {@code this} escaped before. Unlike {@code unsafe-publication} this needs no reordering by the
 * hardware or the JIT: the stores are in the wrong order in the source, so x86 (TSO) shows it too.
 *
 * <p><b>How it mirrors real code.</b> The "this-escape" javac 21 warns about: a constructor that
 * registers {@code this} with a registry, a listener list or an executor as its first statement
 * (so that "nobody can miss it"), then initialises its fields; or the Python-style factory
 * {@code managers[user] = WebSocketManager(); manager.user_context = context} ported to Java.
 * Combined with the common fast path "look up without a lock, create under the lock", a reader
 * finds the half-built manager.
 *
 * <p><b>Caught by</b>, unaided: JCStress's {@code publication} probe (its reader obtains the
 * manager while the writer creates it and reads a null user id: {@code NULL_USER_ID}, 0.01–0.6 % of
 * samples) on any hardware; also by probes whose actors emit through a manager obtained while another
 * thread creates it ({@code register-vs-emit}: {@code THREW_NullPointerException}); explore's
 * {@code first-tabs-of-a-fresh-backend} (the second tab's open refused as an isolation violation by the
 * half-built manager although every identity in it is its own user's; deterministic); and, rarely, the
 * load driver's {@code first-use} scenario: a second tab of a fresh user registers with the half-built
 * manager and is refused (1011, "cannot be registered with SelfRegisteringManager[unbound]"), in about 1
 * burst in 3 (2 of 5 standalone runs; {@code load --all} runs the cell in up to four rounds on fresh servers and
 * caught it in round 2 on 2026-12-06, docs/load.md), so one {@code load --all} may still miss it. Every
 * other load scenario was clean. The window is the hook point {@link #POINT_PUBLISHED_UNBOUND},
 * between the registration and the context's assignment.
 */
public final class EarlyPublicationProvider extends DefectProvider {

    public static final String NAME = "defect.early-publication";

    /** Reached in the manager's constructor after it registered itself, before its context is assigned. */
    public static final String POINT_PUBLISHED_UNBOUND = "early-publication.published-unbound";

    public EarlyPublicationProvider() {
        super(NAME, FailureClass.LOSS, "the manager registers itself with the registry in its constructor before"
                + " it assigns its context; a lock-free lookup in between gets a manager with a null context");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        // The registry's own factory is never asked: obtain is replaced, and the manager registers itself.
        return new PerUserBackend(options, (context, o) -> {
            throw new UnsupportedOperationException("a SelfRegisteringManager registers itself");
        }) {
            private final Object creation = new Object();

            /** Look up without a lock; create under the lock (the manager registers itself). */
            @Override
            public UserWebSocketManager obtain(UserExecutionContext context) {
                UserWebSocketManager found = managers.get(context.userId());
                if (found != null) {
                    return found;
                }
                synchronized (creation) {
                    found = managers.get(context.userId());
                    return found != null ? found : new SelfRegisteringManager(managers, context, options);
                }
            }
        };
    }

    /** A manager that publishes itself first, then binds itself to its user. */
    static final class SelfRegisteringManager extends DefectManager {

        private final UserExecutionContext context;

        SelfRegisteringManager(Map<String, UserWebSocketManager> registry, UserExecutionContext context,
                               BackendOptions options) {
            super(options);
            // The seeded change: "this" escapes before the constructor has assigned its fields.
            registry.put(context.userId(), this);
            options.hook().reached(POINT_PUBLISHED_UNBOUND);
            this.context = Objects.requireNonNull(context, "context");
        }

        @Override
        public UserExecutionContext context() {
            return context;
        }
    }
}
