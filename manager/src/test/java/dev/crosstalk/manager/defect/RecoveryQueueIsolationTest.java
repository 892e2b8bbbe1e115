package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.defect.Sut.Tab;
import dev.crosstalk.manager.defect.Sut.Via;
import dev.crosstalk.manager.spi.InterleavingHook;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.Sharing;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shared-recovery-queue}: events queued while their user is disconnected must wait for
 * that user only. No interleaving is needed: a disconnect, a run, another user's connect.
 */
class RecoveryQueueIsolationTest {

    /**
     * Alice's tab closes while her run still emits (its events are queued); Bob connects; Alice
     * reconnects. Bob must receive nothing of Alice's run. Where the path keeps one manager per
     * user or per thread, Alice's reconnect recovers her whole run; under direct instantiation
     * the run's manager is the closed session's and keeps the events pending.
     */
    @ParameterizedTest(name = "{0} via {2}: leaks {1}")
    @OverPaths(value = SharedRecoveryQueueProvider.NAME, eachVia = true)
    void queuedEventsWaitForTheirOwnUser(String provider, boolean leaks, Via via) {
        try (Sut sut = new Sut(provider, InterleavingHook.NONE)) {
            UserExecutionContext aliceContext = Sut.ALICE;
            ManagedSession alice = sut.open(aliceContext, Tab.alice("tab-alice"));
            alice.close();
            Sut.emitRun(alice, aliceContext.withRunId("run-alice"), via);

            Tab bobTab = Tab.of("tab-bob", "bob");
            sut.open(Sut.context("bob", "run-bob-open"), bobTab);
            Tab aliceAgain = Tab.alice("tab-alice-2");
            sut.open(aliceContext, aliceAgain);

            assertThat(bobTab.typesOf("run-alice")).as("events of alice's run at bob's tab")
                    .hasSize(leaks ? 5 : 0);
            assertThat(aliceAgain.sink().events()).as("alice's reconnect receives only her own events")
                    .allMatch(e -> e.userId().equals("alice"));
            boolean recovers = !leaks && sut.backend.sharing() != Sharing.PER_CALL;
            assertThat(aliceAgain.receivedWholeRun("run-alice"))
                    .as("alice's reconnect got %s", aliceAgain.typesOf("run-alice")).isEqualTo(recovers);
            if (!recovers && !leaks) {
                assertThat(alice.managerForRun(aliceContext).stats().pending())
                        .as("the run's events are still pending on the session's manager").isEqualTo(5);
            }
        }
    }
}
