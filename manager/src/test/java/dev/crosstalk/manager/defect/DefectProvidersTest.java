package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.defect.Sut.Tab;
import dev.crosstalk.manager.defect.Sut.Via;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.InterleavingHook;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ManagerProviders;
import dev.crosstalk.manager.spi.ProviderKind;
import dev.crosstalk.manager.ssot.WebSocketManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The seeded defects as the harness discovers them, and how quiet they are without their race. */
class DefectProvidersTest {

    @Test
    void discoveryFindsThreeCorrectPathsAndTwelveDefects() {
        ManagerProviders providers = ManagerProviders.discover();

        assertThat(providers.all()).hasSize(15);
        assertThat(providers.ofKind(ProviderKind.CORRECT)).extracting(ManagerProvider::name)
                .containsExactly("factory", "registry", "ssot");
        List<ManagerProvider> defects = providers.ofKind(ProviderKind.DEFECT);
        assertThat(defects).hasSize(12).allSatisfy(p -> {
            assertThat(p.name()).startsWith("defect.");
            assertThat(p.failureClass()).isPresent();
            assertThat(p.description()).isNotBlank();
        });
        Map<String, FailureClass> classes = defects.stream()
                .collect(Collectors.toMap(ManagerProvider::name, p -> p.failureClass().orElseThrow()));
        assertThat(classes).containsOnly(
                entry(RacyFactorySingletonProvider.NAME, FailureClass.LOSS),
                entry(CheckThenActRegistryProvider.NAME, FailureClass.LOSS),
                entry(SharedSingletonManagerProvider.NAME, FailureClass.LEAK),
                entry(SharedRecoveryQueueProvider.NAME, FailureClass.LEAK),
                entry(MaskedLeakProvider.NAME, FailureClass.LEAK),
                entry(IsolationKeyMismatchProvider.NAME, FailureClass.LOSS),
                entry(ThreadAsUserRoutingProvider.NAME, FailureClass.LOSS),
                entry(RegisterAfterReadyProvider.NAME, FailureClass.LOSS),
                entry(EvictDuringSendProvider.NAME, FailureClass.LOSS),
                entry(UnsynchronizedConnectionsProvider.NAME, FailureClass.LOSS),
                entry(UnsafePublicationProvider.NAME, FailureClass.JMM),
                entry(EarlyPublicationProvider.NAME, FailureClass.LOSS));
    }

    static List<String> allProviders() {
        return Sut.PROVIDERS.names();
    }

    /**
     * One user, one tab, one run addressed by user, on one thread: no race can happen, so every
     * defect whose failure needs one behaves like its correct path (a positive control must be
     * quiet until its race is provoked). Only {@code isolation-key-mismatch}, whose failure is
     * deterministic, loses the run here.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allProviders")
    void withoutItsRaceADefectBehavesLikeItsCorrectPath(String provider) {
        boolean losesAnyway = provider.equals(IsolationKeyMismatchProvider.NAME);
        try (Sut sut = new Sut(provider, InterleavingHook.NONE)) {
            Tab tab = Tab.alice("tab-alice");
            UserExecutionContext opened = Sut.ALICE;
            ManagedSession session = sut.open(opened, tab);
            UserExecutionContext run = opened.withRunId("run-alice");
            Sut.emitRun(session, run, Via.USER);

            assertThat(session.manager().context().userId()).isEqualTo("alice");
            assertThat(tab.receivedWholeRun("run-alice")).as("the tab got %s", tab.typesOf("run-alice"))
                    .isEqualTo(!losesAnyway);
            session.close();
            assertThat(session.manager().isConnectionActive()).as("connection active after close").isFalse();
        }
    }

    /**
     * {@code unsafe-publication}'s race is a Java memory model race that no deterministic test can
     * force (and x86 may never show): what can be checked is that its two seeded changes are in
     * place, against the correct manager, whose context is final.
     */
    @Test
    void unsafePublicationKeepsItsSeededChange() throws NoSuchFieldException {
        Field context = UnsafePublicationProvider.Manager.class.getDeclaredField("context");
        Field published = UnsafePublicationProvider.Slot.class.getDeclaredField("manager");
        Field correctContext = WebSocketManager.class.getDeclaredField("context");

        assertThat(Modifier.isFinal(correctContext.getModifiers())).as("the correct manager's context is final")
                .isTrue();
        assertThat(Modifier.isFinal(context.getModifiers())).as("the defect's context is final").isFalse();
        assertThat(Modifier.isVolatile(published.getModifiers())).as("the publishing field is volatile").isFalse();
        assertThat(Modifier.isFinal(published.getModifiers())).as("the publishing field is final").isFalse();
    }
}
