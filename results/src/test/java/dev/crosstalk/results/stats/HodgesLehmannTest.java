package dev.crosstalk.results.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HodgesLehmannTest {

    /**
     * Worked by hand: base = e^{0,1,2,3,4}, candidate = e^{0.5,…,4.5}. The 25 log differences j − i + 0.5 take
     * the values −3.5 (once), −2.5 (twice), −1.5 (3), −0.5 (4), 0.5 (5), 1.5 (4), 2.5 (3), 3.5 (2), 4.5 (1); their
     * median (the 13th) is 0.5. For 5 + 5 the U counts start 1, 1, 2, 3 of C(10,5) = 252, so P(U ≤ 2) = 4/252 ≤
     * 0.025 &lt; P(U ≤ 3) = 7/252: k = 3, the interval is [d(3), d(23)] = [−2.5, 3.5], coverage 1 − 8/252.
     */
    @Test
    void exactIntervalWorkedByHand() {
        double[] base = new double[5];
        double[] cand = new double[5];
        for (int i = 0; i < 5; i++) {
            base[i] = Math.exp(i);
            cand[i] = Math.exp(i + 0.5);
        }
        HodgesLehmann.Interval r = HodgesLehmann.ratio(base, cand, 0.95);
        assertThat(r.exact()).isTrue();
        assertThat(r.estimate()).isCloseTo(Math.exp(0.5), within(1e-12));
        assertThat(r.low()).isCloseTo(Math.exp(-2.5), within(1e-12));
        assertThat(r.high()).isCloseTo(Math.exp(3.5), within(1e-12));
        assertThat(r.confidence()).isCloseTo(1 - 8.0 / 252, within(1e-12));
    }

    @Test
    void aCleanShiftIsEstimatedAndBracketed() {
        double[] base = {100, 103, 98, 101, 99.5};
        double[] cand = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            cand[i] = base[(i + 2) % base.length] * 1.25;
        }
        HodgesLehmann.Interval r = HodgesLehmann.ratio(base, cand, 0.95);
        assertThat(r.estimate()).isCloseTo(1.25, within(1e-9));
        assertThat(r.contains(1.25)).isTrue();
        assertThat(r.contains(1.0)).isFalse();
    }

    @Test
    void tooFewForksGiveAnUnboundedInterval() {
        HodgesLehmann.Interval r = HodgesLehmann.ratio(new double[]{1, 2, 3}, new double[]{4, 5, 6}, 0.95);
        assertThat(r.bounded()).isFalse();
        assertThat(r.estimate()).isCloseTo(2.0, within(0.5));
    }

    @Test
    void tiesUseTheNormalApproximation() {
        double[] base = new double[30];
        double[] cand = new double[30];
        for (int i = 0; i < 30; i++) {
            base[i] = 10 + i % 10;
            cand[i] = 2 * (10 + i % 10);
        }
        HodgesLehmann.Interval r = HodgesLehmann.ratio(base, cand, 0.95);
        assertThat(r.exact()).isFalse();
        assertThat(r.estimate()).isCloseTo(2.0, within(1e-9));
        assertThat(r.low()).isLessThanOrEqualTo(2.0);
        assertThat(r.high()).isGreaterThanOrEqualTo(2.0);
    }
}
