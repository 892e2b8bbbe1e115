package dev.crosstalk.harness.stress;

import dev.crosstalk.harness.stress.ProbeBudgets.Invocation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Which probes get their own JCStress invocation with a larger budget, and with which arguments. */
class ProbeBudgetsTest {

    static final String PUBLICATION = "dev.crosstalk.stress.PublicationProbe";
    static final String CHURN = "dev.crosstalk.stress.ConnectionChurnProbe";
    static final String DIFFERENT = "dev.crosstalk.stress.DifferentUsersProbe";
    static final List<String> TESTS = List.of(CHURN, DIFFERENT, PUBLICATION);

    @Test
    void inSanityThePublicationProbeRunsOnItsOwnWithLongStrides() {
        List<Invocation> plan = ProbeBudgets.plan(TESTS, StressMode.SANITY, List.of());

        assertThat(plan).containsExactly(new Invocation(List.of(CHURN, DIFFERENT), List.of()),
                new Invocation(List.of(PUBLICATION), List.of("-time", "100", "-strideSize", "256", "-strideCount", "10")));
        assertThat(plan.get(1).label()).isEqualTo("publication");
        assertThat(ProbeBudgets.budgets(plan)).isEqualTo(Map.of("publication", List.of("-time", "100", "-strideSize", "256", "-strideCount", "10")));
    }

    @Test
    void theLongerModesKeepJCStresssOwnSettings() {
        for (StressMode mode : List.of(StressMode.QUICK, StressMode.DEFAULT, StressMode.TOUGH, StressMode.STRESS)) {
            List<Invocation> plan = ProbeBudgets.plan(TESTS, mode, List.of());
            assertThat(plan).as(mode.label()).containsExactly(new Invocation(TESTS, List.of()));
            assertThat(ProbeBudgets.budgets(plan)).as(mode.label()).isEmpty();
        }
    }

    @Test
    void anOptionTheUserSetForTheWholeRunWinsAndOnlyTheRestOfTheBudgetIsAdded() {
        // JCStress takes an option once: the budget's -time after the user's -time 200 would not run at all
        assertThat(ProbeBudgets.extraArgs("publication", StressMode.SANITY, List.of("-time", "200")))
                .containsExactly("-strideSize", "256", "-strideCount", "10");
        assertThat(ProbeBudgets.extraArgs("publication", StressMode.SANITY, List.of("-jvmArgs", "-Xss1m")))
                .containsExactly("-time", "100", "-strideSize", "256", "-strideCount", "10");
    }

    @Test
    void aBudgetTheUserOverrodeEntirelyNeedsNoInvocationOfItsOwn() {
        List<String> user = List.of("-time", "200", "-strideSize", "64", "-strideCount", "5");
        assertThat(ProbeBudgets.plan(TESTS, StressMode.SANITY, user)).containsExactly(new Invocation(TESTS, List.of()));
    }

    @Test
    void onlyTheBudgetedProbeSelectedMeansNoMainInvocation() {
        assertThat(ProbeBudgets.plan(List.of(PUBLICATION), StressMode.SANITY, List.of()))
                .containsExactly(new Invocation(List.of(PUBLICATION), List.of("-time", "100", "-strideSize", "256", "-strideCount", "10")));
    }

    @Test
    void anInvocationsSelectorFindsExactlyItsTests() {
        Invocation main = new Invocation(List.of(CHURN, DIFFERENT), List.of());
        Pattern p = Pattern.compile(main.selector());

        assertThat(p.matcher(CHURN).find()).isTrue();
        assertThat(p.matcher(DIFFERENT).find()).isTrue();
        assertThat(p.matcher(PUBLICATION).find()).isFalse();
        // the dots are literal, and a longer name that starts with a selected one is not selected
        assertThat(p.matcher("dev.crosstalk.stress.ConnectionChurnProbeX").find()).isFalse();
        assertThat(p.matcher("devXcrosstalk.stress.ConnectionChurnProbe").find()).isFalse();
    }
}
