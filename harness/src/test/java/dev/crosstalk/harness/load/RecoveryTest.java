package dev.crosstalk.harness.load;

import dev.crosstalk.manager.defect.RegisterAfterReadyProvider;
import dev.crosstalk.manager.defect.SharedRecoveryQueueProvider;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ProviderKind;
import dev.crosstalk.manager.ssot.SsotProvider;
import dev.crosstalk.results.archive.LoadSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Optional;

import static dev.crosstalk.harness.load.LoadTests.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Churn verifies recovery instead of exempting it: a run whose tab dropped while it was in flight must
 * reach another connection of its user once and in order by its deadline (recovered), or it is a loss.
 */
class RecoveryTest {

    private static LoadConfig.Builder churn(String manager, int tabs) {
        return LoadConfig.builder().manager(manager).users(10).sessionsPerUser(tabs).runsPerSession(6)
                .scenario(Scenario.CHURN).churnEvery(2).eventLoops(2).runTimeout(Duration.ofSeconds(3))
                .deadline(Duration.ofSeconds(60)).linger(Duration.ofMillis(200));
    }



    @ParameterizedTest
    @MethodSource("dev.crosstalk.harness.load.LoadTests#correctPaths")
    void everyAbandonedRunOfACorrectPathIsRecovered(ManagerProvider p) {
        for (int tabs : new int[] {1, 2}) {
            LoadResult r = run(churn(p.name(), tabs).build(), p);
            LoadSummary.Details d = r.loadSummary().details();
            String what = p.name() + " with " + tabs + " tabs: " + r.problem() + " " + r.loadSummary().findings();
            assertThat(r.exitCode()).as(what).isZero();
            // Runs 2, 4 of each session are abandoned (run 6 is the last: no drop after it).
            assertThat(d.runsAbandonedByChurn()).as(what).isEqualTo(10L * tabs * 2);
            assertThat(d.recoveredRuns()).as(what).isEqualTo(d.runsAbandonedByChurn());
            assertThat(d.recovery()).isEqualTo("verified");
            assertThat(r.lossCount()).isZero();
            assertThat(r.findings("duplicates")).isZero();
            assertThat(r.findings("order_violations")).isZero();
        }
    }

    @Test
    void registerAfterReadyLosesTheAbandonedRuns() {
        LoadResult r = run(churn(RegisterAfterReadyProvider.NAME, 1).build(), new RegisterAfterReadyProvider());
        LoadSummary.Details d = r.loadSummary().details();
        assertThat(r.exitCode()).isEqualTo(1);
        // Its registration never drains the recovery queue: what was queued after the drop is never delivered.
        assertThat(r.lossCount()).isPositive();
        assertThat(d.recoveredRuns()).isLessThan(d.runsAbandonedByChurn());
        assertThat(r.leakCount()).isZero();
    }

    @Test
    void aSharedRecoveryQueueLeaksAndLosesAbandonedRuns() {
        LoadResult r = run(churn(SharedRecoveryQueueProvider.NAME, 1).build(), new SharedRecoveryQueueProvider());
        assertThat(r.exitCode()).isEqualTo(1);
        // Whoever connects next drains the global queue: another user's events (leak), missing at the owner (loss).
        assertThat(r.leakCount()).isPositive();
        assertThat(r.lossCount()).isPositive();
        assertThat(r.leaks()).allSatisfy(l -> assertThat(l.owningUser()).isNotEqualTo(l.receivingUser()));
    }

    @Test
    void aProviderThatDeclaresNoRecoveryIsNotHeldToItAndTheSummarySaysSo() {
        ManagerProvider noPromise = new NoRecoveryPromised(new RegisterAfterReadyProvider());
        LoadResult r = run(churn(noPromise.name(), 1).build(), noPromise);
        LoadSummary.Details d = r.loadSummary().details();
        assertThat(d.runsAbandonedByChurn()).isEqualTo(20);
        assertThat(d.recoveredRuns()).isZero();
        assertThat(d.recovery()).isEqualTo("not verified: " + noPromise.name()
                + " declares it does not recover abandoned runs");
        // The same defect, held to recovery, loses runs (above); declared, the abandoned runs are only counted.
        assertThat(r.lossCount()).isLessThan(d.runsAbandonedByChurn());
    }

    @Test
    void aTargetWithoutTheRecoveryPromiseIsNotVerifiedEither() {
        LoadResult r = run(churn("ssot", 1).verifyRecovery(false).build(), new SsotProvider());
        assertThat(r.exitCode()).isZero();
        assertThat(r.loadSummary().details().recoveredRuns()).isZero();
        assertThat(r.loadSummary().details().recovery()).startsWith("not verified: --no-recovery");
    }

    /** A provider that delegates to another and declares that it does not recover abandoned runs. */
    private record NoRecoveryPromised(ManagerProvider inner) implements ManagerProvider {
        @Override
        public String name() {
            return "test.no-recovery-promised";
        }

        @Override
        public ProviderKind kind() {
            return ProviderKind.DEFECT;
        }

        @Override
        public String description() {
            return "test: " + inner.description();
        }

        @Override
        public Optional<FailureClass> failureClass() {
            return inner.failureClass();
        }

        @Override
        public boolean recoversAbandonedRuns() {
            return false;
        }

        @Override
        public ManagerBackend start(BackendOptions options) {
            return inner.start(options);
        }
    }
}
