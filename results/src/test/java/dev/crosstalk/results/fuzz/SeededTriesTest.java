package dev.crosstalk.results.fuzz;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeededTriesTest {

    @Test
    void aTryDrawsTheSameInputAloneAsAmongTheOthers() {
        List<Long> all = new ArrayList<>();
        SeededTries.run("t", 42, 0, 20, r -> r.nextLong(), all::add);
        List<Long> alone = new ArrayList<>();
        SeededTries.run("t", 42, 13, 14, r -> r.nextLong(), alone::add);
        assertThat(alone).containsExactly(all.get(13));
        List<Long> otherSeed = new ArrayList<>();
        SeededTries.run("t", 43, 0, 20, r -> r.nextLong(), otherSeed::add);
        assertThat(otherSeed).doesNotContainAnyElementsOf(all);
    }

    @Test
    void aFailureNamesTheSeedTheTryAndTheInputAndStopsTheRun() {
        List<Integer> tried = new ArrayList<>();
        assertThatThrownBy(() -> SeededTries.run("Suite", 7, 0, 100, r -> "input-" + r.nextInt(1000), input -> {
            tried.add(tried.size());
            assertThat(tried).hasSizeLessThan(5);
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Suite failed at try 4 of seed 7 (replay: -Dfuzz.seed=7 -Dfuzz.try=4)")
                .hasMessageContaining("input: input-")
                .hasCauseInstanceOf(AssertionError.class);
        assertThat(tried).hasSize(5);
    }
}
