package dev.crosstalk.manager.ssot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The extra-work option of the system under test: off by default and a clear error for a bad value. */
class ExtraWorkTest {

    @Test
    void isOffUnlessSetAndRefusesWhatIsNotAWholeNumberOfNanoseconds() {
        assertThat(ExtraWork.parse(null)).isZero();
        assertThat(ExtraWork.parse(" ")).isZero();
        assertThat(ExtraWork.parse("250")).isEqualTo(250);
        assertThatThrownBy(() -> ExtraWork.parse("-1")).hasMessageContaining(ExtraWork.PROPERTY).hasMessageContaining("-1");
        assertThatThrownBy(() -> ExtraWork.parse("1.5k")).hasMessageContaining("whole number of tokens");
        // the test JVM is not slowed: every other test of the manager runs the plain path
        assertThat(ExtraWork.TOKENS).isZero();
        ExtraWork.consume(1_000);   // and the work itself runs (its cost is measured by benchmarks, not here)
    }
}
