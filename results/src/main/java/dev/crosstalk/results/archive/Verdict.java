package dev.crosstalk.results.archive;

import java.util.List;

/**
 * The one rule a sensitivity matrix is judged by, used by {@code stress --all}, {@code validate}
 * and {@code report} alike: <b>a correct path must be clean; a seeded defect must be caught, or —
 * only when its failure needs a memory-model reordering the hardware may never perform — honestly
 * "not observed on ARCH"</b>. A probe that errored vouches for nothing, so a row with errors is
 * neither.
 *
 * <p>The explore instrument's matrix ({@code explore/matrix.json}) is judged by the same rule, with one wording of
 * its own: explore runs every interleaving of a scenario under <i>sequential consistency</i>, where a JMM reordering
 * cannot happen at all, so its uncaught JMM defect is "not observable under sequential consistency" ({@link
 * #ofExplore}): honest, not a failure, not a catch.
 *
 * <p>A row's verdict is a word ({@link #CLEAN}, {@link #CAUGHT}), a "not observed on ARCH"
 * sentence, an {@code error: …} or a {@code FAILED: …} sentence; the words are what
 * {@code sensitivity.json} stores. Pure functions.
 */
public final class Verdict {

    public static final String CLEAN = "clean";
    public static final String CAUGHT = "caught";
    public static final String ERROR = "error";
    private static final String NOT_OBSERVED = "not observed on ";
    /** An explore row's JMM defect uncaught: no interleaving can show a reordering the model does not have. */
    public static final String NOT_OBSERVABLE_SC = "not observable under sequential consistency";

    /**
     * A load row's seeded defect that this run's load matrix missed while another instrument of the same run caught
     * it ({@link #ofLoad}): the harness as a whole caught it; the load's own miss stays on record.
     */
    public static final String CAUGHT_ELSEWHERE = "not caught by load in this run; caught by ";

    /** The only failure class whose uncaught defect may be "not observed": its race needs a JMM reordering. */
    public static final String JMM_CLASS = "jmm";

    private Verdict() {
    }

    /**
     * The verdict of one row from what its probes showed.
     *
     * @param correct      the manager is a correct path (else a seeded defect)
     * @param failureClass the defect's failure class (null for a correct path)
     * @param caught       probes that saw a forbidden outcome
     * @param problems     why the row cannot be vouched for: errored probes, run problems (empty if none)
     * @param arch         the hardware the samples ran on, for "not observed on ARCH"
     */
    public static String of(boolean correct, String failureClass, List<String> caught, List<String> problems,
                            String arch) {
        return judge(correct, failureClass, caught, problems, "FAILED: a correct path showed forbidden outcomes in ",
                NOT_OBSERVED + arch, "FAILED: no probe caught this defect");
    }

    /**
     * The verdict of one row of the explore matrix: as {@link #of}, but an uncaught JMM defect is
     * {@link #NOT_OBSERVABLE_SC} (the explored model has no reorderings), never "not observed on ARCH".
     */
    public static String ofExplore(boolean correct, String failureClass, List<String> caught, List<String> problems) {
        return judge(correct, failureClass, caught, problems, "FAILED: a correct path broke the contract in ",
                NOT_OBSERVABLE_SC, "FAILED: no scenario caught this defect");
    }

    /**
     * The verdict of one row of the load matrix ({@code load --all}): as {@link #of}, and a seeded defect the load
     * missed is {@link #CAUGHT_ELSEWHERE} when {@code caughtElsewhere} (what caught it in the same run: {@code
     * "stress (publication)"}, {@code "explore (first-tabs-of-a-fresh-backend)"}) is not empty.
     *
     * <p>Why load alone gets this rule: the load driver meets a real server through its network stack and schedulers, so
     * whether one run's timing meets a race window a few instructions wide is chance (a first-use race caught in 2
     * of 5 runs, docs/load.md), while the stress probes and explore aim at the window itself. A run that gates on the
     * load matrix must fail on a correct path's finding every time, and on a seeded defect that <em>no</em> instrument
     * caught, not on a coin toss. Standalone ({@code load --all}, nothing else ran) the rule is {@link #of}'s.
     */
    public static String ofLoad(boolean correct, String failureClass, List<String> caught, List<String> problems,
                                String arch, List<String> caughtElsewhere) {
        String verdict = of(correct, failureClass, caught, problems, arch);
        if (!correct && verdict.startsWith("FAILED") && caughtElsewhere != null && !caughtElsewhere.isEmpty()) {
            return CAUGHT_ELSEWHERE + String.join(", ", caughtElsewhere);
        }
        return verdict;
    }

    private static String judge(boolean correct, String failureClass, List<String> caught, List<String> problems,
                                String correctFailed, String notObserved, String uncaught) {
        if (correct) {
            if (!caught.isEmpty()) {
                return correctFailed + String.join(", ", caught);
            }
            return problems.isEmpty() ? CLEAN : "error: " + String.join("; ", problems);
        }
        if (!caught.isEmpty()) {
            return CAUGHT;
        }
        if (!problems.isEmpty()) {
            return "error: " + String.join("; ", problems);
        }
        return JMM_CLASS.equals(failureClass) ? notObserved : uncaught;
    }

    /** Whether a row of kind {@code kind} ("correct" or "defect") with this verdict keeps the matrix holding. */
    public static boolean holds(String kind, String verdict) {
        String v = verdict == null ? "" : verdict;
        return "correct".equals(kind) ? v.equals(CLEAN)
                : v.equals(CAUGHT) || isNotObserved(v) || v.startsWith(CAUGHT_ELSEWHERE);
    }

    /**
     * "not observed on ARCH" (stress: a JMM defect the hardware did not show) or "not observable under sequential
     * consistency" (explore: a JMM defect the explored model cannot show); not a failure, not a catch.
     */
    public static boolean isNotObserved(String verdict) {
        return verdict != null && (verdict.startsWith(NOT_OBSERVED) || verdict.equals(NOT_OBSERVABLE_SC));
    }

    /** The row could not be vouched for (a probe errored or the run had problems). */
    public static boolean isError(String verdict) {
        return verdict != null && verdict.startsWith(ERROR);
    }
}
