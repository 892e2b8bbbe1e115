package dev.crosstalk.manager.spi;

import java.util.Locale;

/** Whether a provider is a creation path that must pass every probe, or a seeded defect that some probe must catch. */
public enum ProviderKind {
    CORRECT, DEFECT;

    /** The lower-case word used on the command line and in JSON: {@code correct} or {@code defect}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
