package dev.crosstalk.results;

import dev.crosstalk.results.stats.MannWhitney;
import dev.crosstalk.results.stats.Stats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every expected value below was computed by hand (the working is in the comments). */
class MannWhitneyTest {

    @Test
    void exactCompleteSeparationOfThree() {
        // U = 0 (no x above any y). Arrangements of 3+3: C(6,3) = 20; only one gives U = 0.
        // p = 2 · 1/20 = 0.1
        MannWhitney.Result r = MannWhitney.test(new double[]{1, 2, 3}, new double[]{4, 5, 6});
        assertThat(r.exact()).isTrue();
        assertThat(r.u()).isEqualTo(0);
        assertThat(r.p()).isCloseTo(0.1, within(1e-12));
        // symmetric: the other order gives U = 9 and the same p
        MannWhitney.Result s = MannWhitney.test(new double[]{4, 5, 6}, new double[]{1, 2, 3});
        assertThat(s.u()).isEqualTo(9);
        assertThat(s.p()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void exactCompleteSeparationOfFour() {
        // C(8,4) = 70 arrangements; p = 2/70 = 0.028571…  — the smallest n per side that can reach 0.05
        MannWhitney.Result r = MannWhitney.test(new double[]{1, 2, 3, 4}, new double[]{5, 6, 7, 8});
        assertThat(r.p()).isCloseTo(2.0 / 70, within(1e-12));
        assertThat(MannWhitney.minimumP(4, 4)).isCloseTo(2.0 / 70, within(1e-12));
        assertThat(MannWhitney.minimumP(3, 3)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void exactInterleaved() {
        // x = {1,3,5}, y = {2,4,6}: pairs x > y are (3,2), (5,2), (5,4) → U = 3.
        // Null frequencies of U for 3+3 (partitions of u into ≤ 3 parts ≤ 3):
        //   u:    0 1 2 3 4 5 6 7 8 9
        //   f:    1 1 2 3 3 3 3 2 1 1   (sum 20)
        // P(U ≤ 3) = 7/20, P(U ≥ 3) = 16/20 → p = 2 · 7/20 = 0.7
        MannWhitney.Result r = MannWhitney.test(new double[]{1, 3, 5}, new double[]{2, 4, 6});
        assertThat(r.u()).isEqualTo(3);
        assertThat(r.p()).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void exactFivePerSide() {
        // x = {10,20,30,40,50}, y = {15,25,35,45,55}: U = 1+2+3+4 = 10; C(10,5) = 252.
        // Frequencies of U = 0..10 for 5+5 (partitions into ≤ 5 parts ≤ 5): 1,1,2,3,5,7,9,11,14,16,18 → 87.
        // p = 2 · 87/252 = 0.690476…
        MannWhitney.Result r = MannWhitney.test(new double[]{10, 20, 30, 40, 50}, new double[]{15, 25, 35, 45, 55});
        assertThat(r.u()).isEqualTo(10);
        assertThat(r.p()).isCloseTo(2 * 87.0 / 252, within(1e-12));
    }

    @Test
    void distributionCountsAreGaussianBinomialCoefficients() {
        assertThat(distribution(3, 3)).containsExactly(1, 1, 2, 3, 3, 3, 3, 2, 1, 1);
        assertThat(distribution(2, 4)).containsExactly(1, 1, 2, 2, 3, 2, 2, 1, 1);   // C(6,2) = 15
    }

    private static double[] distribution(int a, int b) {
        try {
            var m = MannWhitney.class.getDeclaredMethod("distribution", int.class, int.class);
            m.setAccessible(true);
            return (double[]) m.invoke(null, a, b);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void normalApproximationWithTies() {
        // x = {3,4,2,6,2,5}, y = {9,7,5,10,6,8}; pooled mid-ranks:
        //   2,2 → 1.5 each; 3 → 3; 4 → 4; 5,5 → 5.5; 6,6 → 7.5; 7 → 9; 8 → 10; 9 → 11; 10 → 12
        // R1 = 1.5+1.5+3+4+5.5+7.5 = 23, U = 23 − 6·7/2 = 2; μ = 6·6/2 = 18
        // ties: three pairs, Σ(t³−t) = 3·6 = 18; σ² = 36/12 · (13 − 18/(12·11)) = 3 · 12.863636… = 38.590909…
        // z = (|2 − 18| − 0.5)/√38.590909 = 15.5/6.212158 = 2.495108; p = 2(1 − Φ(2.495108)) = 0.012592
        MannWhitney.Result r = MannWhitney.test(new double[]{3, 4, 2, 6, 2, 5}, new double[]{9, 7, 5, 10, 6, 8});
        assertThat(r.exact()).isFalse();
        assertThat(r.u()).isEqualTo(2);
        assertThat(r.p()).isCloseTo(0.012592, within(2e-6));
    }

    @Test
    void normalApproximationSmallWithTies() {
        // x = {1,2,2,3}, y = {2,3,4,4}: ranks 1 → 1; 2,2,2 → 3; 3,3 → 5.5; 4,4 → 7.5
        // R1 = 1+3+3+5.5 = 12.5, U = 12.5 − 10 = 2.5, μ = 8
        // Σ(t³−t) = 24 + 6 + 6 = 36; σ² = 16/12 · (9 − 36/56) = 11.142857; σ = 3.338092
        // z = (5.5 − 0.5)/3.338092 = 1.497862; p = 2(1 − Φ(1.497862)) = 0.134169
        MannWhitney.Result r = MannWhitney.test(new double[]{1, 2, 2, 3}, new double[]{2, 3, 4, 4});
        assertThat(r.u()).isEqualTo(2.5);
        assertThat(r.p()).isCloseTo(0.134169, within(2e-6));
    }

    @Test
    void identicalSamplesAreNotSignificant() {
        MannWhitney.Result r = MannWhitney.test(new double[]{5, 5, 5}, new double[]{5, 5, 5});
        assertThat(r.p()).isEqualTo(1.0);
        double[] a = {1.1, 2.2, 3.3, 4.4, 5.5};
        assertThat(MannWhitney.test(a, a).p()).isEqualTo(1.0);
    }

    @Test
    void largeSamplesUseTheNormalApproximation() {
        double[] x = new double[60];
        double[] y = new double[60];
        for (int i = 0; i < 60; i++) {
            x[i] = i;
            y[i] = i + 60.5;
        }
        // complete separation: U = 0, μ = 1800, σ² = 3600·121/12 = 36300, z = 1799.5/190.526 = 9.4449 → p ≈ 3.6e-21
        MannWhitney.Result r = MannWhitney.test(x, y);
        assertThat(r.exact()).isFalse();
        assertThat(r.p()).isLessThan(1e-15);
    }

    @Test
    void descriptive() {
        assertThat(Stats.median(new double[]{3, 1, 2})).isEqualTo(2);
        assertThat(Stats.median(new double[]{4, 1, 2, 3})).isEqualTo(2.5);
        assertThat(Stats.geomean(new double[]{1, 4, 16})).isCloseTo(4, within(1e-12));
        assertThat(Stats.deltaPercent(100, 130)).isCloseTo(30, within(1e-12));
        assertThat(Stats.spreadPercent(new double[]{90, 100, 105})).isCloseTo(10, within(1e-12));
        assertThat(MannWhitney.erfc(0)).isCloseTo(1, within(2e-7));
        assertThat(MannWhitney.erfc(1)).isCloseTo(0.157299207, within(1e-7));
    }
}
