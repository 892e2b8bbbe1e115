package dev.crosstalk.results.archive;

import java.util.List;

/**
 * The one rule a sensitivity matrix is judged by, used by {@code stress --all}, {@code validate}
 * and {@code report} alike: <b>a correct path must be clean; a seeded defect must be caught, or —
 * only when its failure needs a memory-model reordering the hardware may never perform — honestly
 * "not observed on ARCH"</b>. A probe that errored vouches for nothing, so a row with errors is
 * neither.
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
        if (correct) {
            if (!caught.isEmpty()) {
                return "FAILED: a correct path showed forbidden outcomes in " + String.join(", ", caught);
            }
            return problems.isEmpty() ? CLEAN : "error: " + String.join("; ", problems);
        }
        if (!caught.isEmpty()) {
            return CAUGHT;
        }
        if (!problems.isEmpty()) {
            return "error: " + String.join("; ", problems);
        }
        return JMM_CLASS.equals(failureClass) ? NOT_OBSERVED + arch : "FAILED: no probe caught this defect";
    }

    /** Whether a row of kind {@code kind} ("correct" or "defect") with this verdict keeps the matrix holding. */
    public static boolean holds(String kind, String verdict) {
        String v = verdict == null ? "" : verdict;
        return "correct".equals(kind) ? v.equals(CLEAN) : v.equals(CAUGHT) || isNotObserved(v);
    }

    /** "not observed on ARCH": a JMM defect the hardware did not show; not a failure, not a catch. */
    public static boolean isNotObserved(String verdict) {
        return verdict != null && verdict.startsWith(NOT_OBSERVED);
    }

    /** The row could not be vouched for (a probe errored or the run had problems). */
    public static boolean isError(String verdict) {
        return verdict != null && verdict.startsWith(ERROR);
    }
}
