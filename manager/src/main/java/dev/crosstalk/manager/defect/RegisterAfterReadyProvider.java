package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.InterleavingHook;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code defect.register-after-ready} (loss): the {@code registry} path whose
 * {@code open} announces the connection ready ({@code onReady}, the server's
 * {@code connection_established}) <em>before</em> registering it, and whose managers do not
 * drain the recovery queue when a connection is registered.
 *
 * <p><b>What it breaks.</b> The handshake race: a client starts its run as soon as it is told
 * the connection is ready, and the run's first events are emitted while the connection is not
 * yet registered; they go to the recovery queue, and registration does not drain it. The same
 * missing drain loses every event queued while a user was disconnected.
 *
 * <p><b>Reference backend.</b> Mirrors the reference's handshake: the server sends
 * {@code connection_established}, after which the client may start runs. Announcing the
 * connection before registering it opens the handshake race the spec names; not draining the
 * recovery queue on registration makes the events that fell into the window unrecoverable.
 *
 * <p><b>Caught by</b>, unaided: JCStress's {@code reconnect-vs-queued-events} and {@code evict-vs-send}
 * probes (32 of 32 samples), {@code register-vs-emit} and others; explore's
 * {@code two-tabs-while-emitting} and {@code reconnect-while-emitting}; the load driver's recovery
 * check in its {@code churn} and {@code pressure} scenarios, tame and adversarial ids (a run abandoned
 * by a dropped tab is lost: the reconnect's registration does not drain what was queued; 17–32
 * losses a cell in {@code crosstalk load --all}); and its {@code first-use} scenario (10 losses in
 * one run: a fresh user's first events emitted between a tab's ready and its registration). {@code steady} and
 * {@code connection-storm} were clean (see "The window's width"). The window is the
 * hook point {@link #POINT_READY_UNREGISTERED}, after {@code onReady} and before the connection
 * is registered.
 *
 * <p><b>The window's width.</b> Left alone the window is a few instructions wide: the code is just
 * as wrong, and a probe that catches it catches it unaided. In the reference, registration came
 * after the session's asynchronous set-up work (an awaited lookup) that followed the ready
 * message; an instrument that wants to model that awaited work installs
 * {@link #awaitedSetup()} as its hook, which parks {@link #SETUP_AFTER_READY} at the window.
 * The defect itself never parks: with {@link InterleavingHook#NONE} it gets no help at all.
 * Correct paths register before {@code onReady}, so no delay can hurt them.
 */
public final class RegisterAfterReadyProvider extends DefectProvider {

    public static final String NAME = "defect.register-after-ready";

    /** Reached in {@code open} after {@code onReady} ran, before the connection is registered. */
    public static final String POINT_READY_UNREGISTERED = "register-after-ready.ready-unregistered";

    /** The awaited set-up work between the ready message and the registration, as {@link #awaitedSetup()} models it. */
    public static final Duration SETUP_AFTER_READY = Duration.ofMillis(20);

    public RegisterAfterReadyProvider() {
        super(NAME, FailureClass.LOSS, "connection announced ready before it is registered, and"
                + " registration does not drain the recovery queue: the first events of a run are lost");
    }

    /**
     * An opt-in hook that models the reference's awaited set-up work: it parks the opening thread
     * {@link #SETUP_AFTER_READY} at {@link #POINT_READY_UNREGISTERED}, and does nothing elsewhere.
     * A widened figure, never an unaided one.
     */
    public static InterleavingHook awaitedSetup() {
        return point -> {
            if (POINT_READY_UNREGISTERED.equals(point)) {
                LockSupport.parkNanos(SETUP_AFTER_READY.toNanos());
            }
        };
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return new PerUserBackend(options, (context, o) -> new IsolatedManager(context, o) {
            /** The seeded change, part two: queued events stay queued. */
            @Override
            protected boolean drainsOnRegister() {
                return false;
            }
        }) {
            /** The seeded change, part one: ready first, register second. */
            @Override
            public ManagedSession open(UserExecutionContext context, Connection connection, Runnable onReady) {
                requireSameUser(context, connection);
                UserWebSocketManager manager = obtain(context);
                onReady.run();
                options.hook().reached(POINT_READY_UNREGISTERED);
                manager.addConnection(connection);
                return session(context, connection, manager);
            }
        };
    }
}
