package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.TooManyManagersException;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.defect.Sut.Tab;
import dev.crosstalk.manager.defect.Sut.Via;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.InterleavingHook;
import dev.crosstalk.manager.spi.ManagedSession;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code isolation-key-mismatch}: a user with one open tab runs run after run, each emitted as
 * the embedded server does (the run's manager resolved per event). Deterministic: no
 * interleaving needed.
 */
class IsolationKeyMismatchTest {

    private static final int RUNS = 5;

    @ParameterizedTest(name = "{0}: loses and hits the per-user limit {1}")
    @OverPaths(IsolationKeyMismatchProvider.NAME)
    void aUserCanRunManyRunsOnOneTab(String provider, boolean fails) {
        try (Sut sut = new Sut(provider, InterleavingHook.NONE)) {
            Tab tab = Tab.alice("tab-alice");
            UserExecutionContext opened = Sut.ALICE;
            ManagedSession session = sut.open(opened, tab);

            List<RuntimeException> failures = new ArrayList<>();
            for (int r = 1; r <= RUNS; r++) {
                UserExecutionContext run = opened.withRunId("run-" + r);
                for (AgentEvent event : Sut.events(run)) {
                    try {
                        Via.THREAD.send(session.managerForRun(run), event);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }

            assertThat(tab.sink().events()).as("events the tab received").hasSize(fails ? 0 : RUNS * 5);
            if (fails) {
                assertThat(failures).as("sends refused").isNotEmpty()
                        .allMatch(TooManyManagersException.class::isInstance);
                assertThat(sut.backend.managerCount()).as("managers held, orphans included")
                        .isEqualTo(BackendOptions.DEFAULT_MAX_MANAGERS_PER_USER);
            } else {
                assertThat(failures).as("sends refused").isEmpty();
                for (int r = 1; r <= RUNS; r++) {
                    assertThat(tab.typesOf("run-" + r)).as("run-" + r).isEqualTo(AgentEvent.GOLDEN_PATH);
                }
                assertThat(sut.backend.managerCount()).as("managers held").isLessThanOrEqualTo(1);
            }
        }
    }
}
