package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.defect.Sut.Tab;
import dev.crosstalk.manager.defect.Sut.Via;
import dev.crosstalk.manager.spi.ManagedSession;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leakage through a shared manager's "current user context": {@code shared-singleton-manager}
 * and {@code masked-leak}. Alice's run is held at its first send, after its caller set the
 * context and before it is routed; Bob's run then emits; Alice's send resumes.
 */
class SharedContextLeakTest {

    /** What Alice's and Bob's tabs received, the scenario played on one provider. */
    private record Outcome(Tab alice, Tab bob, int arrivals) {
        List<AgentEvent> bobGotOfAlice() {
            return bob.ofRun("run-alice");
        }
    }

    private static Outcome aliceHeldWhileBobEmits(String provider, Via via) {
        String point = provider.equals(MaskedLeakProvider.NAME)
                ? MaskedLeakProvider.POINT_CONTEXT_SET : SharedSingletonManagerProvider.POINT_CONTEXT_SET;
        Gate gate = Gate.holdFirst(point);
        try (Sut sut = new Sut(provider, gate)) {
            Tab aliceTab = Tab.alice("tab-alice");
            Tab bobTab = Tab.of("tab-bob", "bob");
            ManagedSession alice = sut.open(Sut.ALICE, aliceTab);
            ManagedSession bob = sut.open(Sut.context("bob", "run-bob-open"), bobTab);
            UserExecutionContext aliceRun = alice.context().withRunId("run-alice");
            UserExecutionContext bobRun = bob.context().withRunId("run-bob");

            CompletableFuture<Void> aliceEmits = sut.async(() -> {
                Sut.emitRun(alice, aliceRun, via);
                return null;
            });
            boolean held = gate.awaitArrivalOr(aliceEmits);
            Sut.emitRun(bob, bobRun, via);
            gate.open();
            Sut.join(aliceEmits);
            assertThat(held).as("alice's send was held at " + point).isEqualTo(gate.arrivals() > 0);
            assertThat(bobTab.receivedWholeRun("run-bob")).as("bob received his own run").isTrue();
            return new Outcome(aliceTab, bobTab, gate.arrivals());
        }
    }

    /** Bob's tab must receive nothing of Alice's run, and Alice's tab all of it; either address form. */
    @ParameterizedTest(name = "{0} via {2}: leaks {1}")
    @OverPaths(value = {SharedSingletonManagerProvider.NAME, MaskedLeakProvider.NAME}, eachVia = true)
    void aUsersRunNeverReachesAnotherUser(String provider, boolean leaks, Via via) {
        Outcome outcome = aliceHeldWhileBobEmits(provider, via);

        assertThat(outcome.bobGotOfAlice()).as("events of alice's run at bob's tab").hasSize(leaks ? 1 : 0);
        assertThat(outcome.alice().receivedWholeRun("run-alice"))
                .as("alice received %s of her run", outcome.alice().typesOf("run-alice"))
                .isEqualTo(!leaks);
        assertThat(outcome.arrivals()).as("sends through the point").isEqualTo(leaks ? 10 : 0);
    }

    /**
     * A checker comparing {@code user_id} with the receiver sees the shared singleton's leak but
     * not the masked one's; a checker comparing {@code run_id} sees both. Correct paths give
     * neither checker anything to see.
     */
    @ParameterizedTest(name = "{0}: leaks {1}")
    @OverPaths({SharedSingletonManagerProvider.NAME, MaskedLeakProvider.NAME})
    void onlyARunIdCheckSeesAMaskedLeak(String provider, boolean leaks) {
        Outcome outcome = aliceHeldWhileBobEmits(provider, Via.THREAD);
        boolean userIdCheckFires = leaks && !provider.equals(MaskedLeakProvider.NAME);
        boolean runIdCheckFires = leaks;

        List<AgentEvent> bobReceived = outcome.bob().sink().events();
        boolean foreignUserId = bobReceived.stream().anyMatch(e -> !e.userId().equals("bob"));
        boolean foreignRunId = bobReceived.stream().anyMatch(e -> !e.runId().equals("run-bob"));
        assertThat(foreignUserId).as("bob received a foreign user_id: %s", bobReceived).isEqualTo(userIdCheckFires);
        assertThat(foreignRunId).as("bob received a foreign run_id: %s", bobReceived).isEqualTo(runIdCheckFires);
    }
}
