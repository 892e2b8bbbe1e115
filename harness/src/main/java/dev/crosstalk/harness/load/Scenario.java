package dev.crosstalk.harness.load;

import java.util.Locale;

/** How sessions connect and stay connected during a load. */
public enum Scenario {
    /** Sessions connect spread over {@code --ramp-up} / at most {@code --connect-rate}, then stay. */
    STEADY,
    /** Every session connects at once and starts its first run the moment it is established: the initialisation race at scale. */
    CONNECTION_STORM,
    /** Sessions drop (with a run in flight) and reconnect while runs go on. */
    CHURN;

    /** Sessions drop with runs in flight: those runs are abandoned, and their recovery is verified. */
    public boolean dropsSessions() {
        return this == CHURN;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Scenario parse(String s) {
        for (Scenario v : values()) {
            if (v.label().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown scenario \"" + s + "\"; expected steady, connection-storm or churn");
    }
}
