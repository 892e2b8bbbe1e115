package dev.crosstalk.harness.stress;

import java.util.Locale;

/** A probe's verdict for one manager. Only {@link #PASSED} is clean; {@link #SKIPPED} and {@link #ERROR} are errors. */
public enum TestStatus {
    /** Every configuration ran, no forbidden outcome. */
    PASSED,
    /** A forbidden outcome was seen (a finding). */
    FAILED,
    /** A fork crashed, timed out or the test threw; the result cannot be trusted. */
    ERROR,
    /** JCStress never ran the test (e.g. "No scheduling is possible"): an error, never a pass. */
    SKIPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
