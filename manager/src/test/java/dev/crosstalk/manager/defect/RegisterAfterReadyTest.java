package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.defect.Sut.Tab;
import dev.crosstalk.manager.defect.Sut.Via;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.Sharing;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code register-after-ready}: the handshake race. The client starts its run the moment it is
 * told the connection is ready ({@code onReady}); the run, on a worker thread, must be delivered
 * in full to the new connection.
 */
class RegisterAfterReadyTest {

    /**
     * On the defect the opening thread is held after {@code onReady}, before registration, until
     * the run has emitted everything: every event is queued, and registration does not drain the
     * queue. On the correct paths the connection is registered before {@code onReady}, so the
     * run is delivered whenever the worker runs.
     *
     * <p>The run resolves its manager as the path's callers do before they hold the session: from
     * the registry or the factory ({@code obtain}), which is what {@code managerForRun} does for
     * them; under direct instantiation the run can only use the session's own manager, so it
     * waits for {@code open} to return.
     */
    @ParameterizedTest(name = "{0}: loses the first events {1}")
    @OverPaths(RegisterAfterReadyProvider.NAME)
    void aRunStartedOnReadyIsDeliveredInFull(String provider, boolean loses) {
        Gate gate = Gate.holdFirst(RegisterAfterReadyProvider.POINT_READY_UNREGISTERED);
        try (Sut sut = new Sut(provider, gate)) {
            Tab tab = Tab.alice("tab-alice");
            UserExecutionContext opened = Sut.ALICE;
            UserExecutionContext run = opened.withRunId("run-alice");
            CompletableFuture<ManagedSession> session = new CompletableFuture<>();
            AtomicReference<CompletableFuture<Void>> runWorker = new AtomicReference<>();

            Runnable onReady = () -> runWorker.set(sut.async(() -> {
                UserWebSocketManager manager = sut.backend.sharing() == Sharing.PER_CALL
                        ? Sut.join(session).managerForRun(run)
                        : sut.backend.obtain(run);
                Sut.events(run).forEach(event -> Via.THREAD.send(manager, event));
                return null;
            }));
            CompletableFuture<ManagedSession> opening =
                    sut.async(() -> sut.backend.open(opened, tab.connection(), onReady));
            opening.whenComplete((s, e) -> session.complete(s));

            if (gate.awaitArrivalOr(opening)) {
                Sut.join(runWorker.get());
                gate.open();
            }
            Sut.join(opening);
            Sut.join(runWorker.get());

            assertThat(tab.receivedWholeRun("run-alice")).as("the tab got %s", tab.typesOf("run-alice"))
                    .isEqualTo(!loses);
            assertThat(tab.sink().events()).as("events the tab received").hasSize(loses ? 0 : 5);
            assertThat(gate.arrivals()).as("opens held after ready").isEqualTo(loses ? 1 : 0);
        }
    }
}
