package dev.crosstalk.manager.ssot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The extra-work option of the system under test: off by default, a clear error for a bad value, and a lower bound kept. */
class ExtraWorkTest {

    @Test
    void isOffUnlessSetAndRefusesWhatIsNotAWholeNumberOfNanoseconds() {
        assertThat(ExtraWork.parse(null)).isZero();
        assertThat(ExtraWork.parse(" ")).isZero();
        assertThat(ExtraWork.parse("250")).isEqualTo(250);
        assertThatThrownBy(() -> ExtraWork.parse("-1")).hasMessageContaining(ExtraWork.PROPERTY).hasMessageContaining("-1");
        assertThatThrownBy(() -> ExtraWork.parse("1.5us")).hasMessageContaining("whole number of nanoseconds");
        // the test JVM is not slowed: every other test of the manager measures the plain path
        assertThat(ExtraWork.NANOS).isZero();
    }

    @Test
    void spinsAtLeastTheTimeAskedFor() {
        long t0 = System.nanoTime();
        ExtraWork.spin(2_000_000);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(2_000_000);
    }
}
