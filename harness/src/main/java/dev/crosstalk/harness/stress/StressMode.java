package dev.crosstalk.harness.stress;

import java.util.Locale;

/**
 * JCStress's test presets ({@code -m}). Split per-actor compilation ({@code -sc}) multiplies the
 * forks of every test; it is off by default in the two short modes, where the budget is the point,
 * and left to JCStress (on) in the long ones.
 */
public enum StressMode {
    SANITY(false), QUICK(false), DEFAULT(true), TOUGH(true), STRESS(true);

    private final boolean splitCompilationByDefault;

    StressMode(boolean splitCompilationByDefault) {
        this.splitCompilationByDefault = splitCompilationByDefault;
    }

    /** The word JCStress and the command line use, e.g. {@code sanity}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean splitCompilationByDefault() {
        return splitCompilationByDefault;
    }

    /** The mode named {@code word}, case-insensitively. */
    public static StressMode parse(String word) {
        for (StressMode m : values()) {
            if (m.label().equalsIgnoreCase(word.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode \"" + word + "\" (sanity, quick, default, tough, stress)");
    }
}
