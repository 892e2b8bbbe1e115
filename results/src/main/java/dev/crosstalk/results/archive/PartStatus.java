package dev.crosstalk.results.archive;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How far a part of a run got. */
public enum PartStatus {
    /** The instrument ran to the end and its files are all there. */
    COMPLETE("complete"),
    /** The instrument started but did not finish (interrupted, or some of its work failed); what it wrote is kept. */
    PARTIAL("partial"),
    /** The instrument could not run or produced nothing usable. */
    FAILED("failed"),
    /** The instrument was not started. */
    NOT_RUN("not-run");

    private final String label;

    PartStatus(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static PartStatus of(String label) {
        for (PartStatus s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown part status '" + label
                + "' (complete, partial, failed, not-run)");
    }
}
