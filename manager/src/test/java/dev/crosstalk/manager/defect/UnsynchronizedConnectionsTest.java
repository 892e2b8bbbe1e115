package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.defect.Sut.Tab;
import dev.crosstalk.manager.defect.Sut.Via;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.Sharing;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code unsynchronized-connections}: a third tab of a user connects while a run of the first
 * tab is being written to the user's tabs. The send is held between two connections
 * ({@link UnsynchronizedConnectionsProvider#POINT_BETWEEN_CONNECTIONS}) while the tab registers;
 * unguarded, the send's iteration then fails.
 */
class UnsynchronizedConnectionsTest {

    @ParameterizedTest(name = "{0}: a registration breaks a send {1}")
    @OverPaths(UnsynchronizedConnectionsProvider.NAME)
    void aTabConnectingDuringASendBreaksNothing(String provider, boolean breaks) {
        Gate gate = Gate.holdFirst(UnsynchronizedConnectionsProvider.POINT_BETWEEN_CONNECTIONS);
        try (Sut sut = new Sut(provider, gate)) {
            UserExecutionContext opened = Sut.ALICE;
            Tab tab1 = Tab.alice("tab-1");
            Tab tab2 = Tab.alice("tab-2");
            Tab tab3 = Tab.alice("tab-3");
            ManagedSession session1 = sut.open(opened, tab1);
            sut.open(opened, tab2);
            UserExecutionContext run = opened.withRunId("run-alice");

            CompletableFuture<List<RuntimeException>> sending = sut.async(() -> {
                UserWebSocketManager manager = session1.managerForRun(run);
                return Sut.emitCollecting(manager, Sut.events(run), Via.THREAD);
            });
            boolean held = gate.awaitArrivalOr(sending);
            ManagedSession session3 = sut.open(opened, tab3);
            gate.open();
            List<RuntimeException> failures = Sut.join(sending);
            UserExecutionContext run3 = opened.withRunId("run-tab-3");
            Sut.emitRun(session3, run3, Via.THREAD);

            assertThat(held).as("the send was held between two connections").isEqualTo(breaks);
            assertThat(failures.isEmpty()).as("sends that threw: %s", failures).isEqualTo(!breaks);
            assertThat(failures).allMatch(ConcurrentModificationException.class::isInstance);
            assertThat(tab3.receivedWholeRun("run-tab-3")).as("the third tab was registered").isTrue();
            boolean sharesTabs = sut.backend.sharing() != Sharing.PER_CALL;
            boolean tabsGotRun = tab1.receivedWholeRun("run-alice")
                    && (!sharesTabs || tab2.receivedWholeRun("run-alice"));
            assertThat(tabsGotRun).as("tab-1 got %s, tab-2 got %s of the run",
                    tab1.typesOf("run-alice"), tab2.typesOf("run-alice")).isEqualTo(!breaks);
        }
    }
}
