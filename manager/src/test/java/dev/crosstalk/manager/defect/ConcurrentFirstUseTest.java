package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.defect.Sut.Tab;
import dev.crosstalk.manager.defect.Sut.Via;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Check-then-act races on first use: {@code racy-factory-singleton} and
 * {@code check-then-act-registry}. Two threads are held at the defect's point until both have
 * passed the check ({@link Gate#rendezvous}), so both act: deterministically, not by luck.
 */
class ConcurrentFirstUseTest {

    /**
     * Two tabs of one user open at once on a fresh server, then each tab's run emits through its
     * session. Each tab must receive its whole run. On the defects the two opens build two
     * factories (two registry entries), one tab's connection is left on a manager its runs no
     * longer resolve to, and that tab receives nothing of its run.
     */
    @ParameterizedTest(name = "{0}: loses a run {1}")
    @OverPaths({RacyFactorySingletonProvider.NAME, CheckThenActRegistryProvider.NAME})
    void twoTabsOpeningAtOnceEachReceiveTheirRun(String provider, boolean loses) {
        String point = provider.equals(CheckThenActRegistryProvider.NAME)
                ? CheckThenActRegistryProvider.POINT_MISSED : RacyFactorySingletonProvider.POINT_NULL_CHECKED;
        Gate gate = Gate.rendezvous(point, 2);
        try (Sut sut = new Sut(provider, gate)) {
            UserExecutionContext first = Sut.ALICE.withRunId("run-open-1");
            UserExecutionContext second = Sut.ALICE.withRunId("run-open-2");
            Tab tab1 = Tab.alice("tab-1");
            Tab tab2 = Tab.alice("tab-2");

            CompletableFuture<ManagedSession> opening1 = sut.async(() -> sut.open(first, tab1));
            CompletableFuture<ManagedSession> opening2 = sut.async(() -> sut.open(second, tab2));
            ManagedSession session1 = Sut.join(opening1);
            ManagedSession session2 = Sut.join(opening2);

            UserExecutionContext run1 = first.withRunId("run-1");
            UserExecutionContext run2 = second.withRunId("run-2");
            Sut.emitRun(session1, run1, Via.THREAD);
            Sut.emitRun(session2, run2, Via.THREAD);

            boolean bothReceived = tab1.receivedWholeRun("run-1") && tab2.receivedWholeRun("run-2");
            assertThat(bothReceived)
                    .as("tab-1 got %s of run-1, tab-2 got %s of run-2", tab1.typesOf("run-1"), tab2.typesOf("run-2"))
                    .isEqualTo(!loses);
            assertThat(gate.arrivals()).as("threads that passed the check at " + point).isEqualTo(loses ? 2 : 0);
        }
    }

    /**
     * The {@code factory-singleton} probe's shape: two threads' first use of the entry point must
     * see one instance and log the deprecation warning at most once. The racy singleton hands
     * out two factories and warns twice.
     */
    @ParameterizedTest(name = "{0}: two entry points {1}")
    @OverPaths(RacyFactorySingletonProvider.NAME)
    void firstUseFromTwoThreadsSeesOneEntryPoint(String provider, boolean twoInstances) {
        Gate gate = Gate.rendezvous(RacyFactorySingletonProvider.POINT_NULL_CHECKED, 2);
        try (Sut sut = new Sut(provider, gate)) {
            CompletableFuture<Optional<Object>> a = sut.async(sut.backend::entryPoint);
            CompletableFuture<Optional<Object>> b = sut.async(sut.backend::entryPoint);
            Optional<Object> first = Sut.join(a);
            Optional<Object> second = Sut.join(b);

            boolean same = first.isEmpty() ? second.isEmpty() : second.isPresent() && first.get() == second.get();
            assertThat(same).as("%s and %s are one instance", first, second).isEqualTo(!twoInstances);
            int expectedWarnings = twoInstances ? 2 : provider.equals("factory") ? 1 : 0;
            assertThat(sut.warnings).as("deprecation warnings").hasSize(expectedWarnings);
        }
    }
}
