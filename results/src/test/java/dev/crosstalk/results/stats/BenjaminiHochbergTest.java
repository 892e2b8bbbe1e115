package dev.crosstalk.results.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BenjaminiHochbergTest {

    /**
     * By hand (and R's {@code p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH")}): sorted 0.005, 0.01, 0.03, 0.04 scaled by
     * m/rank = 4, 2, 4/3, 1 give 0.02, 0.02, 0.04, 0.04, already monotone.
     */
    @Test
    void adjustsAsPublished() {
        double[] q = BenjaminiHochberg.adjust(new double[]{0.01, 0.04, 0.03, 0.005});
        assertThat(q[0]).isCloseTo(0.02, within(1e-12));
        assertThat(q[1]).isCloseTo(0.04, within(1e-12));
        assertThat(q[2]).isCloseTo(0.04, within(1e-12));
        assertThat(q[3]).isCloseTo(0.02, within(1e-12));
    }

    /** The step-up: a larger p can lift a smaller one's rank bound (0.04·3/3 = 0.04 caps 0.03·3/2 = 0.045). */
    @Test
    void isMonotoneAndCapped() {
        double[] q = BenjaminiHochberg.adjust(new double[]{0.03, 0.04, 0.9, 0.02});
        assertThat(q[0]).isCloseTo(0.0533, within(1e-3));     // min(0.03·4/2, 0.04·4/3) = 0.0533
        assertThat(q[1]).isCloseTo(0.0533, within(1e-3));
        assertThat(q[3]).isCloseTo(0.0533, within(1e-3));     // min(0.02·4, 0.0533)
        assertThat(q[2]).isCloseTo(0.9, within(1e-12));
        assertThat(BenjaminiHochberg.adjust(new double[]{0.9, 0.95})).containsExactly(0.95, 0.95);
        assertThat(BenjaminiHochberg.adjust(new double[0])).isEmpty();
    }
}
