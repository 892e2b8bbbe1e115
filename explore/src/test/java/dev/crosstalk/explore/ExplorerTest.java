package dev.crosstalk.explore;

import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ManagerProviders;
import dev.crosstalk.results.archive.ExploreResults;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine catches a seeded check-then-act race with the hook disabled (the options carry
 * {@code InterleavingHook.NONE}), and its replay token reproduces the same failure, step for step.
 */
class ExplorerTest {

    private static final long SEED = 1;
    /** Generous: a violation ends the search at once, so this bounds only a search that finds nothing. */
    private static final int BUDGET = 200;

    private final ManagerProviders providers = ManagerProviders.discover();

    @Test
    void checkThenActRegistryIsCaughtUnaidedAndItsTokenReplaysIt() {
        ManagerProvider defect = providers.byName("defect.check-then-act-registry");
        Scenario scenario = Scenarios.twoTabsWhileEmitting();
        assertThat(scenario.options().hook()).isSameAs(dev.crosstalk.manager.spi.InterleavingHook.NONE);

        Outcome found = Explorer.explore(defect, scenario, SEED, BUDGET, null);

        assertThat(found.outcome()).as(found::toString).isEqualTo(ExploreResults.VIOLATION);
        assertThat(found.failure()).contains("lost");
        assertThat(found.trace()).anyMatch(line -> line.contains("managers.get(\"u1\"): null"));
        assertThat(found.replay()).startsWith("defect.check-then-act-registry/two-tabs-while-emitting/1/");

        ReplayToken token = ReplayToken.parse(found.replay());
        Outcome replayed = Explorer.replay(providers.byName(token.manager()), Scenarios.byName(token.scenario()),
                token);

        assertThat(replayed.outcome()).isEqualTo(ExploreResults.VIOLATION);
        assertThat(replayed.failure()).isEqualTo(found.failure());
        assertThat(replayed.interleavings()).isEqualTo(token.interleavings());
        assertThat(replayed.replay()).isEqualTo(found.replay());
        assertThat(replayed.trace()).isNotEmpty().last().isEqualTo(found.trace().get(found.trace().size() - 1));
    }

    @Test
    void theSameSeedGivesTheSameResult() {
        ManagerProvider defect = providers.byName("defect.racy-factory-singleton");
        Outcome first = Explorer.explore(defect, Scenarios.firstTabsOfAFreshBackend(), 42, BUDGET, null);
        Outcome second = Explorer.explore(defect, Scenarios.firstTabsOfAFreshBackend(), 42, BUDGET, null);

        assertThat(first.outcome()).isEqualTo(ExploreResults.VIOLATION);
        assertThat(second.outcome()).isEqualTo(first.outcome());
        assertThat(second.interleavings()).isEqualTo(first.interleavings());
        assertThat(second.failure()).isEqualTo(first.failure());
        assertThat(second.trace()).hasSameSizeAs(first.trace());
    }

    @Test
    void everyStartOrderIsSearchedOnceTheSeedsFirst() {
        Scenario three = Scenarios.twoTabsWhileEmitting();
        List<List<Integer>> orders = Explorer.startOrders(three, 42);

        assertThat(orders).hasSize(6).doesNotHaveDuplicates()
                .allSatisfy(o -> assertThat(o).containsExactlyInAnyOrder(0, 1, 2));
        assertThat(orders.get(0)).isEqualTo(Explorer.threadOrder(three, 42));
        assertThat(Explorer.startOrders(three, 42)).isEqualTo(orders);
        assertThat(Explorer.startOrders(Scenarios.twoUsers(), 42)).hasSize(2);
    }

    @Test
    void aReplayTokenNamesItsStartOrderAndRefusesOneThatDoesNotFitTheScenario() {
        ReplayToken token = ReplayToken.parse("defect.x/two-tabs-while-emitting/42/2-0-1/14");
        assertThat(token.order(Scenarios.twoTabsWhileEmitting())).containsExactly(2, 0, 1);
        assertThat(token.interleavings()).isEqualTo(14);
        assertThat(token).hasToString("defect.x/two-tabs-while-emitting/42/2-0-1/14");
        // a first-release token: the seed's first order
        assertThat(ReplayToken.parse("defect.x/two-users/42/3").order(Scenarios.twoUsers()))
                .isEqualTo(Explorer.threadOrder(Scenarios.twoUsers(), 42));
        assertThatThrownBy(() -> token.order(Scenarios.twoUsers())).hasMessageContaining("is not an order of the 2");
        assertThatThrownBy(() -> ReplayToken.parse("defect.x/two-users/42/a-b/3")).hasMessageContaining("ORDER");
    }

    /**
     * A manager registered before its constructor bound it to its user: a second tab that finds it in that window is
     * refused as an isolation violation although every identity in its open is its own user's. That is a legitimate
     * session refused, not a refusal the contract allows; the window holds no access of the harness's own.
     */
    @Test
    void earlyPublicationIsCaughtAsALegitimateOpenRefused() {
        ManagerProvider defect = providers.byName("defect.early-publication");
        Outcome found = Explorer.explore(defect, Scenarios.firstTabsOfAFreshBackend(), 42, BUDGET, null);

        assertThat(found.outcome()).as(found::toString).isEqualTo(ExploreResults.VIOLATION);
        assertThat(found.failure()).contains("refused as an isolation violation").contains("a legitimate operation");
        assertThat(found.replay()).startsWith("defect.early-publication/first-tabs-of-a-fresh-backend/42/");
    }

    /**
     * Before the harness's bookkeeping was hidden from Lincheck, this cell ended in Lincheck's "Concurrent test has hung"
     * at its 9th interleaving: a thread parked at a switch point inside the tab's sink while holding the manager's
     * monitor, and Lincheck scheduled another thread into that monitor. The sink has no such switch point now.
     */
    @Test
    void aSinkSwitchPointNoLongerHangsTheSearchInsideAManagersMonitor() {
        Outcome o = Explorer.explore(providers.byName("defect.check-then-act-registry"), Scenarios.pooledWorker(), 42,
                40, null);
        assertThat(o.outcome()).as(o::toString).isNotEqualTo(ExploreResults.ERROR);
        assertThat(o.interleavings()).isGreaterThan(9);
    }

    @Test
    void aProviderWithoutEvictionIsNotApplicableToEvictVsSend() {
        Outcome o = Explorer.explore(providers.byName("registry"), Scenarios.evictVsSend(), SEED, BUDGET, null);
        assertThat(o.outcome()).isEqualTo(ExploreResults.NOT_APPLICABLE);
        assertThat(o.interleavings()).isZero();
    }
}
