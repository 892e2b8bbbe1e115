package dev.crosstalk.results.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForkModesTest {

    @Test
    void forksOfOneSideOnBothSidesOfAGapAreMultiModal() {
        double[] base = {100, 101, 140, 141, 100.5};
        double[] cand = {100.2, 139, 142, 140.5, 99.8};
        assertThat(ForkModes.multiModal(base, cand, 0.02, 0.10)).get().asString()
                .startsWith("multi-modal: the base's forks sit on both sides of a 38% gap (3 below, 2 above)");
    }

    @Test
    void aGapThatSeparatesTheSidesIsAShiftNotModes() {
        double[] base = {100, 101, 102, 99, 100.5};
        double[] cand = {125, 126, 124, 127, 125.5};
        assertThat(ForkModes.multiModal(base, cand, 0.02, 0.10)).isEmpty();
    }

    @Test
    void oneFarForkIsAnOutlierAndNoisyForksNoModes() {
        assertThat(ForkModes.multiModal(new double[]{100, 101, 102, 99, 160}, new double[]{100, 101, 102, 99, 100},
                0.02, 0.10)).isEmpty();
        // the same step within the forks' own noise (iterations spread 20%) is not a separation
        assertThat(ForkModes.multiModal(new double[]{100, 101, 140, 141, 100.5}, new double[]{100.2, 139, 142, 140.5, 99.8},
                0.2, 0.10)).isEmpty();
    }

    @Test
    void withinSpreadIsTheMedianForkRange() {
        assertThat(ForkModes.withinSpread(List.of(List.of(100.0, 110.0, 105.0), List.of(50.0, 51.0, 50.5),
                List.of(10.0, 12.0, 11.0)))).isCloseTo(10.0 / 105, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(ForkModes.withinSpread(List.of(List.of(1.0), List.of(2.0)))).isZero();
    }
}
