package dev.crosstalk.harness.load;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.defect.EvictDuringSendProvider;
import dev.crosstalk.manager.factory.FactoryProvider;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ProviderKind;
import dev.crosstalk.manager.spi.Sharing;
import dev.crosstalk.manager.ssot.SsotProvider;
import dev.crosstalk.results.archive.LoadSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Optional;

import static dev.crosstalk.harness.load.LoadTests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pressure scenario: past the per-user limit, across idle eviction, several runs per tab, tabs sharing a thread. */
class PressureTest {

    private static final int USERS = 3;
    private static final int TABS = 22;

    private static LoadConfig.Builder pressure(String manager) {
        return LoadConfig.builder().manager(manager).users(USERS).sessionsPerUser(TABS).runsPerSession(4)
                .scenario(Scenario.PRESSURE).churnEvery(2).eventLoops(2).runTimeout(Duration.ofSeconds(4))
                .deadline(Duration.ofSeconds(60)).linger(Duration.ofMillis(200));
    }



    @ParameterizedTest
    @MethodSource("dev.crosstalk.harness.load.LoadTests#correctPaths")
    void correctPathsAreCleanUnderPressureAndRecoverAcrossTheIdleGap(ManagerProvider p) {
        LoadResult r = run(pressure(p.name()).runsInFlight(2).build(), p);
        LoadSummary.Details d = r.loadSummary().details();
        assertThat(r.exitCode()).as(p.name() + ": " + r.problem() + " " + r.loadSummary().findings()).isZero();
        assertThat(r.findings("refusals")).isZero();
        assertThat(d.runsAbandonedByChurn()).isPositive();
        assertThat(d.recoveredRuns() + d.recoveriesForgone()).isEqualTo(d.runsAbandonedByChurn());
        assertThat(d.runsInFlight()).isEqualTo(2);
        // Only the factory has a per-user limit (20): the tabs past it are refused, loudly.
        long past = p instanceof FactoryProvider ? (long) USERS * (TABS - 20) : 0;
        assertThat(d.loudRefusals()).isEqualTo(past);
        assertThat(d.runsForgone()).isEqualTo(past * 4);
    }

    @Test
    void tabsSharingAThreadStayWithinTheFactoryLimit() {
        LoadResult r = run(pressure(FactoryProvider.NAME).tabsPerThread(2).build(), new FactoryProvider());
        assertThat(r.exitCode()).as(r.problem()).isZero();
        assertThat(r.loadSummary().details().loudRefusals()).isZero(); // 11 threads per user: 11 managers
        assertThat(r.loadSummary().details().tabsPerThread()).isEqualTo(2);
    }

    @Test
    void evictingAManagerWithQueuedEventsLosesTheAbandonedRuns() {
        LoadResult r = run(pressure(EvictDuringSendProvider.NAME).build(), new EvictDuringSendProvider());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lossCount()).isPositive();
        assertThat(r.loadSummary().details().server()).containsKey("managers_evicted");
        assertThat(r.loadSummary().details().server().get("managers_evicted")).isPositive();
    }

    @Test
    void aSessionNeverAnsweredIsASilentRefusalAndAFinding() {
        ManagerProvider mute = new NeverReady();
        LoadResult r = run(pressure(mute.name()).users(2).sessionsPerUser(2).connectTimeout(Duration.ofMillis(500))
                .build(), mute);
        // No session is ever established: exit 2 (could not run); the silent refusals are counted all the same.
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.findings("refusals")).isEqualTo(4);
    }

    @Test
    void anIdleGapNotShorterThanTheRunTimeoutIsRefused() {
        assertThatThrownBy(() -> pressure("ssot").idleGap(Duration.ofSeconds(4)).build().validate())
                .hasMessageContaining("--idle-gap");
        assertThatThrownBy(() -> pressure("ssot").tabsPerThread(TABS + 1).build().validate())
                .hasMessageContaining("--tabs-per-thread");
        assertThatThrownBy(() -> pressure("ssot").runsInFlight(0).build().validate())
                .hasMessageContaining("--runs-in-flight");
    }

    @Test
    void severalRunsInFlightPerTabAreCheckedLikeOne() {
        LoadResult r = run(LoadConfig.builder().manager("ssot").users(5).sessionsPerUser(2).runsPerSession(9)
                .runsInFlight(3).eventLoops(2).runTimeout(Duration.ofSeconds(4)).deadline(Duration.ofSeconds(60))
                .linger(Duration.ofMillis(200)).build(), new SsotProvider());
        assertThat(r.exitCode()).as(r.problem()).isZero();
        assertThat(r.runs("completed")).isEqualTo(90);
        assertThat(r.loadSummary().events()).isEqualTo(450);
    }

    /** A provider whose sessions are never announced ready and never closed: silence. */
    static final class NeverReady implements ManagerProvider {
        @Override
        public String name() {
            return "test.never-ready";
        }

        @Override
        public ProviderKind kind() {
            return ProviderKind.DEFECT;
        }

        @Override
        public String description() {
            return "test: open() registers the connection but never calls onReady";
        }

        @Override
        public Optional<FailureClass> failureClass() {
            return Optional.of(FailureClass.LOSS);
        }

        @Override
        public ManagerBackend start(BackendOptions options) {
            ManagerBackend inner = new SsotProvider().start(options);
            return new ManagerBackend() {
                @Override
                public Sharing sharing() {
                    return inner.sharing();
                }

                @Override
                public Optional<Object> entryPoint() {
                    return inner.entryPoint();
                }

                @Override
                public UserWebSocketManager obtain(UserExecutionContext context) {
                    return inner.obtain(context);
                }

                @Override
                public ManagedSession open(UserExecutionContext context, Connection connection, Runnable onReady) {
                    return inner.open(context, connection, () -> { });
                }

                @Override
                public int evictIdle() {
                    return 0;
                }

                @Override
                public int managerCount() {
                    return 0;
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }
}
