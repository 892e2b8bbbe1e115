package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.Sharing;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code early-publication}: a manager obtained while another thread is creating it for the same
 * user must already be bound to that user, and a run emitting through it must not fail.
 */
class EarlyPublicationTest {

    /**
     * The creating thread is held inside the manager's construction, after the manager was
     * published and before its context was assigned; meanwhile a second run of the same user
     * obtains its manager and emits. On the defect it gets the half-built manager: no user, and
     * the emit throws. On the correct paths nothing is held (they have no such point) and the
     * second run's manager is bound to Alice.
     */
    @ParameterizedTest(name = "{0}: half-built manager handed out {1}")
    @OverPaths(EarlyPublicationProvider.NAME)
    void aManagerObtainedDuringItsCreationIsAlreadyBound(String provider, boolean halfBuilt) {
        Gate gate = Gate.holdFirst(EarlyPublicationProvider.POINT_PUBLISHED_UNBOUND);
        try (Sut sut = new Sut(provider, gate)) {
            UserExecutionContext creator = Sut.ALICE.withRunId("run-alice-1");
            UserExecutionContext second = Sut.ALICE.withRunId("run-alice-2");
            CompletableFuture<UserWebSocketManager> creating = sut.async(() -> sut.backend.obtain(creator));
            boolean held = gate.awaitArrivalOr(creating);

            UserWebSocketManager seen = Sut.join(sut.async(() -> sut.backend.obtain(second)));
            UserExecutionContext seenContext = seen.context();
            Throwable emitFailure = catchThrowable(() -> seen.emitCriticalEvent("agent_started", Map.of()));
            gate.open();
            UserWebSocketManager created = Sut.join(creating);

            assertThat(held).as("the creator was held after publishing").isEqualTo(halfBuilt);
            if (halfBuilt) {
                assertThat(seenContext).as("the context of the manager seen during its creation").isNull();
                assertThat(emitFailure).as("an emit through the half-built manager").isNotNull();
                assertThat(seen).as("the half-built manager is the one the creator finished").isSameAs(created);
                assertThat(created.context().userId()).isEqualTo("alice");
            } else {
                assertThat(seenContext.userId()).as("the user of the manager obtained beside the creator")
                        .isEqualTo("alice");
                assertThat(emitFailure).as("an emit through a bound manager").isNull();
                if (sut.backend.sharing() != Sharing.PER_CALL) {
                    assertThat(seen).as("one manager per user (or key)").isSameAs(created);
                }
            }
            assertThatCode(() -> created.emitCriticalEvent("agent_started", Map.of()))
                    .as("once built, the manager works").doesNotThrowAnyException();
        }
    }
}
