package dev.crosstalk.manager;

import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ManagerProviders;
import dev.crosstalk.manager.spi.ProviderKind;
import dev.crosstalk.manager.spi.Sharing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SPI as every instrument uses it: discovery by name, and the session flow of each correct path. */
class ProvidersTest {

    @Test
    void theThreeCorrectPathsAreDiscovered() {
        ManagerProviders providers = ManagerProviders.discover();
        assertThat(providers.ofKind(ProviderKind.CORRECT)).extracting(ManagerProvider::name)
                .containsExactlyInAnyOrder("ssot", "registry", "factory");
        assertThat(providers.ofKind(ProviderKind.CORRECT))
                .allSatisfy(p -> assertThat(p.failureClass()).isEmpty())
                .allSatisfy(p -> assertThat(p.description()).isNotBlank());
        assertThat(providers.all().get(0).kind()).as("correct paths listed first").isEqualTo(ProviderKind.CORRECT);
    }

    @Test
    void anUnknownNameListsWhatIsAvailable() {
        assertThatThrownBy(() -> ManagerProviders.discover().byName("nope"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("\"nope\"").hasMessageContaining("ssot");
    }

    @Test
    void duplicateAndInvalidNamesAreRejected() {
        ManagerProvider ssot = ManagerProviders.discover().byName("ssot");
        assertThatThrownBy(() -> ManagerProviders.of(List.of(ssot, ssot)))
                .hasMessageContaining("two manager providers are named \"ssot\"");
        ManagerProvider badName = new ManagerProvider() {
            public String name() { return "Bad Name"; }
            public ProviderKind kind() { return ProviderKind.CORRECT; }
            public String description() { return "x"; }
            public Optional<dev.crosstalk.manager.spi.FailureClass> failureClass() { return Optional.empty(); }
            public ManagerBackend start(BackendOptions options) { throw new UnsupportedOperationException(); }
        };
        assertThatThrownBy(() -> ManagerProviders.of(List.of(badName))).hasMessageContaining("invalid name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssot", "registry", "factory"})
    void aSessionsRunsReachItsConnectionAndOnlyIt(String name) {
        try (ManagerBackend backend = ManagerProviders.discover().byName(name).start()) {
            RecordingSink aliceTab = new RecordingSink();
            RecordingSink bobTab = new RecordingSink();
            UserExecutionContext alice = UserExecutionContext.of("alice", "thread-a", "session-a");
            UserExecutionContext bob = UserExecutionContext.of("bob", "thread-b", "session-b");
            boolean[] readyAfterRegistration = new boolean[1];
            ManagedSession a = backend.open(alice, Connection.of("ca", "alice", aliceTab),
                    () -> readyAfterRegistration[0] = true);
            ManagedSession b = backend.open(bob, Connection.of("cb", "bob", bobTab), () -> { });
            assertThat(readyAfterRegistration[0]).isTrue();

            UserExecutionContext run = alice.withRunId("run-1");
            for (String type : AgentEvent.GOLDEN_PATH) {
                a.managerForRun(run).sendToThread(run.threadId(), AgentEvent.of(run, type, "agent", 0L, null));
            }

            assertThat(aliceTab.events()).extracting(AgentEvent::type).containsExactlyElementsOf(AgentEvent.GOLDEN_PATH);
            assertThat(aliceTab.events()).allSatisfy(e -> assertThat(e.runId()).isEqualTo("run-1"));
            assertThat(bobTab.events()).isEmpty();
            assertThatThrownBy(() -> backend.open(alice, Connection.of("x", "bob", new RecordingSink()), () -> { }))
                    .isInstanceOf(IsolationViolationException.class);
            a.close();
            b.close();
        }
    }

    @Test
    void sharingIsDeclaredPerPath() {
        ManagerProviders providers = ManagerProviders.discover();
        try (ManagerBackend ssot = providers.byName("ssot").start();
             ManagerBackend registry = providers.byName("registry").start();
             ManagerBackend factory = providers.byName("factory").start()) {
            UserExecutionContext c = UserExecutionContext.of("alice", "t", "r");
            assertThat(ssot.sharing()).isEqualTo(Sharing.PER_CALL);
            assertThat(ssot.obtain(c)).isNotSameAs(ssot.obtain(c));
            assertThat(ssot.entryPoint()).isEmpty();
            assertThat(registry.sharing()).isEqualTo(Sharing.PER_USER);
            assertThat(registry.obtain(c)).isSameAs(registry.obtain(c.withRunId("r2")));
            assertThat(factory.sharing()).isEqualTo(Sharing.PER_ISOLATION_KEY);
            assertThat(factory.obtain(c)).isSameAs(factory.obtain(c.withRunId("r2")));
            assertThat(factory.entryPoint().orElseThrow()).isSameAs(factory.entryPoint().orElseThrow());
        }
    }
}
