package dev.crosstalk.manager.spi;

import java.util.Locale;

/** What a seeded defect breaks, as the probes classify it. */
public enum FailureClass {
    /** One user's events reach another user. */
    LEAK,
    /** Events of a run never arrive. */
    LOSS,
    /** Events of a run arrive out of golden-path order. */
    ORDER,
    /** A Java memory model race: a reader may see a partly constructed or unpublished state. */
    JMM;

    /** The lower-case word used on the command line and in JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
