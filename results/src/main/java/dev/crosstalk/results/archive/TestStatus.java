package dev.crosstalk.results.archive;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * A probe's verdict for one manager, as {@code stress/results.json} stores it ({@code passed}, {@code failed},
 * {@code error}, {@code skipped}). Only {@link #PASSED} is clean; {@link #SKIPPED} and {@link #ERROR} are errors.
 */
public enum TestStatus {
    /** Every configuration ran, no forbidden outcome. */
    PASSED,
    /** A forbidden outcome was seen (a finding). */
    FAILED,
    /** A fork crashed, timed out or the test threw; the result cannot be trusted. */
    ERROR,
    /** JCStress never ran the test (e.g. "No scheduling is possible"): an error, never a pass. */
    SKIPPED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TestStatus of(String label) {
        for (TestStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown test status '" + label + "' (passed, failed, error, skipped)");
    }
}
