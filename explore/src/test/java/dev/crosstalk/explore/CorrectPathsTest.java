package dev.crosstalk.explore;

import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ManagerProviders;
import dev.crosstalk.results.archive.ExploreResults;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three correct creation paths keep the contract in every interleaving explored, on every scenario: the
 * scenarios state the contract, not a defect, so a correct path must pass them all (or be not applicable).
 */
class CorrectPathsTest {

    /**
     * Far fewer than Main's default, to keep verify fast: one interleaving per start order of a three-thread
     * scenario, three of a two-thread one (each order's search costs a Lincheck start of ~0.5–2 s, more than its
     * interleavings). The matrix at the default budget is measured with the CLI (docs/explore.md).
     */
    private static final int BUDGET = 6;

    @ParameterizedTest
    @ValueSource(strings = {"ssot", "registry", "factory"})
    void keepsTheContractOnEveryScenario(String name) {
        ManagerProvider provider = ManagerProviders.discover().byName(name);
        List<String> broken = new ArrayList<>();
        for (Scenario scenario : Scenarios.all()) {
            Outcome o = Explorer.explore(provider, scenario, 3, BUDGET, null);
            if (!o.outcome().equals(ExploreResults.CLEAN) && !o.outcome().equals(ExploreResults.NOT_APPLICABLE)) {
                broken.add(scenario.name() + ": " + o.outcome() + " " + o.failure());
            } else if (o.outcome().equals(ExploreResults.CLEAN)) {
                assertThat(o.interleavings()).as(scenario.name()).isPositive();
            }
        }
        assertThat(broken).as(name).isEmpty();
    }
}
