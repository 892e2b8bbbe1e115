package dev.crosstalk.results;

import dev.crosstalk.results.archive.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one verdict rule: correct → clean; defect → caught, or (JMM class only) not observed. */
class VerdictTest {

    @Test
    void aCorrectPathIsCleanOnlyWithoutCatchesOrErrors() {
        assertThat(Verdict.of(true, null, List.of(), List.of(), "amd64")).isEqualTo(Verdict.CLEAN);
        assertThat(Verdict.of(true, null, List.of("p1"), List.of(), "amd64")).startsWith("FAILED");
        assertThat(Verdict.of(true, null, List.of(), List.of("probes errored: p2"), "amd64"))
                .isEqualTo("error: probes errored: p2");
        assertThat(Verdict.holds("correct", "clean")).isTrue();
        assertThat(Verdict.holds("correct", "caught")).isFalse();
    }

    @Test
    void aDefectIsCaughtOrHonestlyNotObservedOnlyForTheJmmClass() {
        assertThat(Verdict.of(false, "leak", List.of("p1"), List.of("probes errored: p2"), "amd64")).isEqualTo(Verdict.CAUGHT);
        assertThat(Verdict.of(false, "jmm", List.of(), List.of(), "amd64")).isEqualTo("not observed on amd64");
        assertThat(Verdict.of(false, "leak", List.of(), List.of(), "amd64")).startsWith("FAILED");
        assertThat(Verdict.holds("defect", "not observed on amd64")).isTrue();
        assertThat(Verdict.holds("defect", "clean")).isFalse();
        assertThat(Verdict.holds("defect", null)).isFalse();
        assertThat(Verdict.isError("error: x")).isTrue();
    }

    @Test
    void exploreJudgesByTheSameRuleButAnUncaughtJmmDefectIsNotObservableUnderSequentialConsistency() {
        assertThat(Verdict.ofExplore(false, "jmm", List.of(), List.of()))
                .isEqualTo("not observable under sequential consistency").isEqualTo(Verdict.NOT_OBSERVABLE_SC);
        assertThat(Verdict.holds("defect", Verdict.NOT_OBSERVABLE_SC)).isTrue();
        assertThat(Verdict.isNotObserved(Verdict.NOT_OBSERVABLE_SC)).isTrue();
        assertThat(Verdict.ofExplore(false, "leak", List.of(), List.of())).isEqualTo("FAILED: no scenario caught this defect");
        assertThat(Verdict.ofExplore(false, "leak", List.of("s1"), List.of())).isEqualTo(Verdict.CAUGHT);
        assertThat(Verdict.ofExplore(true, null, List.of("s1"), List.of()))
                .isEqualTo("FAILED: a correct path broke the contract in s1");
        assertThat(Verdict.ofExplore(true, null, List.of(), List.of("scenarios errored: s2"))).isEqualTo("error: scenarios errored: s2");
        // the stress wording is unchanged
        assertThat(Verdict.of(false, "jmm", List.of(), List.of(), "amd64")).isEqualTo("not observed on amd64");
        assertThat(Verdict.of(false, "leak", List.of(), List.of(), "amd64")).isEqualTo("FAILED: no probe caught this defect");
    }

    @Test
    void aLoadRowsMissedDefectHoldsOnlyWhenAnotherInstrumentOfTheRunCaughtItAndACorrectPathsFindingNeverDoes() {
        // standalone (nothing else ran): the strict rule
        assertThat(Verdict.ofLoad(false, "loss", List.of(), List.of(), "amd64", List.of()))
                .isEqualTo("FAILED: no probe caught this defect");
        String elsewhere = Verdict.ofLoad(false, "loss", List.of(), List.of(), "amd64",
                List.of("stress (publication)", "explore (first-tabs-of-a-fresh-backend)"));
        assertThat(elsewhere).isEqualTo("not caught by load in this run; caught by stress (publication), "
                + "explore (first-tabs-of-a-fresh-backend)");
        assertThat(Verdict.holds("defect", elsewhere)).isTrue();
        // caught by load itself: caught, whatever else caught it
        assertThat(Verdict.ofLoad(false, "loss", List.of("churn/tame"), List.of(), "amd64", List.of("stress (x)")))
                .isEqualTo(Verdict.CAUGHT);
        // an errored row stays an error: it vouches for nothing
        assertThat(Verdict.ofLoad(false, "loss", List.of(), List.of("churn/tame: timeout"), "amd64",
                List.of("stress (x)"))).startsWith("error");
        // a correct path's finding fails, whatever the other instruments say
        assertThat(Verdict.ofLoad(true, null, List.of("churn/tame"), List.of(), "amd64", List.of("stress (x)")))
                .startsWith("FAILED");
        assertThat(Verdict.holds("correct", elsewhere)).isFalse();
    }
}
