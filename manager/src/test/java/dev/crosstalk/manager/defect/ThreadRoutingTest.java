package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.defect.Sut.Tab;
import dev.crosstalk.manager.defect.Sut.Via;
import dev.crosstalk.manager.spi.InterleavingHook;
import dev.crosstalk.manager.spi.ManagedSession;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * {@code thread-as-user-routing}: a run addressed by thread must reach the user's tab. The same
 * run addressed by user is the control: the defect breaks thread routing only, and silently.
 */
class ThreadRoutingTest {

    @ParameterizedTest(name = "{0} via {2}: defect {1}")
    @OverPaths(value = ThreadAsUserRoutingProvider.NAME, eachVia = true)
    void aRunReachesItsUsersTab(String provider, boolean defect, Via via) {
        boolean loses = defect && via == Via.THREAD;
        try (Sut sut = new Sut(provider, InterleavingHook.NONE)) {
            Tab tab = Tab.alice("tab-alice");
            ManagedSession session = sut.open(Sut.ALICE, tab);
            UserExecutionContext run = Sut.ALICE.withRunId("run-alice");

            assertThatCode(() -> Sut.emitRun(session, run, via)).as("sends fail silently, if at all")
                    .doesNotThrowAnyException();

            assertThat(tab.receivedWholeRun("run-alice")).as("the tab got %s", tab.typesOf("run-alice"))
                    .isEqualTo(!loses);
            assertThat(tab.sink().events()).as("events the tab received").hasSize(loses ? 0 : 5);
        }
    }
}
