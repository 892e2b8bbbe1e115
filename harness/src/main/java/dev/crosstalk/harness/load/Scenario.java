package dev.crosstalk.harness.load;

import java.util.Locale;

/** How sessions connect and stay connected during a load. */
public enum Scenario {
    /** Sessions connect spread over {@code --ramp-up} / at most {@code --connect-rate}, then stay. */
    STEADY,
    /** Every session connects at once and starts its first run the moment it is established: the initialisation race at scale. */
    CONNECTION_STORM,
    /** Sessions drop (with a run in flight) and reconnect while runs go on. */
    CHURN,
    /**
     * The limits: many tabs per user (past a factory's per-user limit: refusals expected, and they must
     * be loud), tabs that drop with runs in flight and stay away longer than the server's idle-eviction
     * threshold while their runs' events wait in the recovery queue (the embedded server sweeps idle
     * managers), several runs in flight per tab and several tabs on one thread when asked.
     */
    PRESSURE,
    /**
     * A user's first connections arrive at the same instant (a browser restoring its tabs, a reconnect storm
     * after a deploy): fresh users, each user's tabs connected first and then their upgrades released together
     * ({@link FirstUseGate}), while no manager exists for the user; users are spread over {@code --ramp-up}.
     * Each tab starts its runs once established, and each run is checked as in steady.
     */
    FIRST_USE;

    /** Sessions drop with runs in flight: those runs are abandoned, and their recovery is verified. */
    public boolean dropsSessions() {
        return this == CHURN || this == PRESSURE;
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
        throw new IllegalArgumentException("unknown scenario \"" + s + "\"; expected steady, connection-storm, churn, pressure or first-use");
    }
}
