package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.ManagerClosedException;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.defect.Sut.Tab;
import dev.crosstalk.manager.defect.Sut.Via;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.InterleavingHook;
import dev.crosstalk.manager.spi.ManagedSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code evict-during-send}: idle eviction runs while a run still emits through its manager and
 * the user's tab is momentarily gone. Time is a {@link MutableClock}; eviction is
 * {@code evictIdle()}, called where the sweeper would run.
 */
class EvictDuringSendTest {

    private static final Duration JUST_OVER_THRESHOLD =
            BackendOptions.DEFAULT_IDLE_EVICTION_AFTER.plusSeconds(1);

    /**
     * Every provider, in three moments: events queued before the sweep with no time passing, and
     * with the threshold passed, and no events queued but the threshold passed.
     */
    static Stream<Arguments> cases() {
        return OverPaths.Provider.rows(EvictDuringSendProvider.NAME).stream().flatMap(row -> Stream.of(
                Arguments.of(row[0], row[1], 2, Duration.ZERO),
                Arguments.of(row[0], row[1], 2, JUST_OVER_THRESHOLD),
                Arguments.of(row[0], row[1], 0, JUST_OVER_THRESHOLD)));
    }

    /**
     * No event is lost silently: each of the run's 5 events is delivered to one of the user's
     * tabs, or still pending in the run's manager while it is open, or its send failed loudly.
     * A correct factory never evicts a manager with queued events or recent activity, and closes
     * what it evicts so that a late send throws {@link ManagerClosedException}.
     */
    @ParameterizedTest(name = "{0}, {2} events queued, clock +{3}: loses silently {1}")
    @MethodSource("cases")
    void noEventIsLostSilently(String provider, boolean losesSilently, int beforeSweep, Duration idle) {
        MutableClock clock = new MutableClock(Sut.T0);
        try (Sut sut = new Sut(provider, InterleavingHook.NONE, clock)) {
            Tab tab = Tab.alice("tab-alice");
            UserExecutionContext opened = Sut.ALICE;
            ManagedSession session = sut.open(opened, tab);
            UserExecutionContext run = opened.withRunId("run-alice");
            UserWebSocketManager runManager = session.managerForRun(run);
            session.close();

            List<AgentEvent> events = Sut.events(run);
            List<RuntimeException> failures = new ArrayList<>(
                    Sut.emitCollecting(runManager, events.subList(0, beforeSweep), Via.THREAD));
            clock.advance(idle);
            int evicted = sut.backend.evictIdle();
            failures.addAll(Sut.emitCollecting(runManager, events.subList(beforeSweep, events.size()), Via.THREAD));
            Tab again = Tab.alice("tab-alice-2");
            sut.open(opened, again);

            int delivered = tab.ofRun("run-alice").size() + again.ofRun("run-alice").size();
            int pending = runManager.isClosed() ? 0 : runManager.stats().pending();
            int loud = failures.size();
            assertThat(failures).as("failed sends").allMatch(ManagerClosedException.class::isInstance);
            assertThat(delivered + pending + loud)
                    .as("delivered %d + pending %d + refused %d, evicted %d", delivered, pending, loud, evicted)
                    .isEqualTo(losesSilently ? 0 : 5);
            if (!losesSilently && provider.equals("factory")) {
                assertThat(evicted).as("evicted by the correct factory")
                        .isEqualTo(beforeSweep == 0 && !idle.isZero() ? 1 : 0);
            }
        }
    }
}
