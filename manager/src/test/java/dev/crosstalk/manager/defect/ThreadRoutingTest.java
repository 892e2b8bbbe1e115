package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.defect.Sut.Tab;
import dev.crosstalk.manager.defect.Sut.Via;
import dev.crosstalk.manager.spi.InterleavingHook;
import dev.crosstalk.manager.spi.ManagedSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * {@code thread-as-user-routing}: a run addressed by thread must reach the user's tab. The same
 * run addressed by user is the control: the defect breaks thread routing only, and silently.
 */
class ThreadRoutingTest {

    @ParameterizedTest(name = "{0} via {2}: loses {1}")
    @CsvSource({
            "defect.thread-as-user-routing, true, THREAD",
            "defect.thread-as-user-routing, false, USER",
            "ssot, false, THREAD",
            "ssot, false, USER",
            "registry, false, THREAD",
            "registry, false, USER",
            "factory, false, THREAD",
            "factory, false, USER",
    })
    void aRunReachesItsUsersTab(String provider, boolean loses, Via via) {
        try (Sut sut = new Sut(provider, InterleavingHook.NONE)) {
            Tab tab = Tab.of("tab-alice", "alice");
            UserExecutionContext opened = Sut.context("alice", "run-alice-open");
            ManagedSession session = sut.open(opened, tab);
            UserExecutionContext run = opened.withRunId("run-alice");

            assertThatCode(() -> Sut.emitRun(session, run, via)).as("sends fail silently, if at all")
                    .doesNotThrowAnyException();

            assertThat(tab.receivedWholeRun("run-alice")).as("the tab got %s", tab.typesOf("run-alice"))
                    .isEqualTo(!loses);
            assertThat(tab.sink().events()).as("events the tab received").hasSize(loses ? 0 : 5);
        }
    }
}
