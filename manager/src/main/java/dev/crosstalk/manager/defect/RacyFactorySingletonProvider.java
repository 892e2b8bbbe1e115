package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.factory.WebSocketManagerFactory;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;

/**
 * {@code defect.racy-factory-singleton} (loss): the {@code factory} path whose lazy singleton
 * is a plain, non-volatile field initialised with an unsynchronised check-then-act.
 *
 * <p><b>What it breaks.</b> Two threads that both find the field null each build a factory;
 * each factory then hands out its own manager for the same isolation key. A session registers
 * its connection with the manager of one factory, while its runs (resolved later through the
 * singleton, which now holds the other factory) emit through the other factory's manager, which
 * has no connection: the events sit in a recovery queue nobody drains. The deprecation warning
 * is logged twice, and {@link ManagerBackend#entryPoint()} may answer two instances.
 *
 * <p><b>Reference backend.</b> Mirrors the reference's deprecated factory path, whose process-wide
 * factory is created lazily on first use: written as an unguarded
 * {@code if _factory is None: _factory = Factory()}, concurrent first requests each get their own
 * factory, the kind of race the reference saw while the factory and direct-instantiation paths
 * coexisted.
 *
 * <p><b>Caught by</b>, unaided: JCStress's {@code factory-singleton} probe (two instances, two
 * warnings; 12 of 32 samples in sanity mode), {@code same-user-creation} (two managers for one key)
 * and {@code register-vs-emit}; explore's {@code first-tabs-of-a-fresh-backend}; and, rarely, the load
 * driver, whose loss check sees the runs of a fresh server's first sessions when two of them meet in
 * the race: in {@code crosstalk load --all} 1–3 of 8–9 columns a run, different ones each time
 * (steady and connection-storm with tame ids in one run; connection-storm with adversarial ids and
 * first-use on a fresh server in the next). The race window is the hook point
 * {@link #POINT_NULL_CHECKED}, between the null check and the assignment.
 */
public final class RacyFactorySingletonProvider extends DefectProvider {

    public static final String NAME = "defect.racy-factory-singleton";

    /** Reached after a thread found the singleton field null, before it assigns its new factory. */
    public static final String POINT_NULL_CHECKED = "racy-factory-singleton.null-checked";

    public RacyFactorySingletonProvider() {
        super(NAME, FailureClass.LOSS, "factory path whose lazy singleton is a plain field with an"
                + " unsynchronised check-then-act: two factories, two managers per key, lost events");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return new Backend(options);
    }

    /** The factory backend with the one change: its singleton getter. */
    static final class Backend extends FactoryBackend {
        Backend(BackendOptions options) {
            super(options, o -> ManagerFactory.of(new WebSocketManagerFactory(o)));
        }

        /** The seeded change: no lock, no volatile; the field is checked, then set. */
        @Override
        protected ManagerFactory getWebSocketManagerFactory() {
            ManagerFactory f = factory;
            if (f == null) {
                options.hook().reached(POINT_NULL_CHECKED);
                f = createFactory();
                factory = f;
            }
            return f;
        }
    }
}
