package dev.crosstalk.harness.bench;

import java.util.List;
import java.util.Locale;

/**
 * How long and how carefully {@code crosstalk bench} measures. Each profile is a fixed set of
 * JMH options and a default benchmark selection; {@code --benchmarks} replaces the selection,
 * never the options. No profile passes JMH's {@code -t}: the thread count of each benchmark is
 * part of its definition ({@code @Threads}).
 */
public enum BenchProfile {

    /**
     * A quick check that every path runs and allocates what it should: one fork, two 1 s
     * warmups and five 1 s measurements, over a subset (one of each kind: cold, contended cold at
     * 2 threads, warm, hot user at 2 threads, golden path at 1 and 4 connections). Measured
     * 2 min 25 s for the three default managers on 2 cores; the times are indicative only (one
     * fork, short warmup: contended creation needs about 4 s to settle), the B/op are stable.
     * Five measurements, not three: {@code crosstalk compare} uses a Mann-Whitney U test, which
     * cannot reach p &lt; 0.05 with fewer than four samples a side, so two smoke archives could
     * never show a significant regression.
     */
    SMOKE(List.of("-f", "1", "-wi", "2", "-i", "5", "-w", "1s", "-r", "1s"),
            "CreationBenchmark\\.(coldCreate|coldCreate_2threads|warmLookup|hotUser_2threads)$"
                    + "|GoldenPathBenchmark\\.emitRun$"),

    /**
     * The nightly measurement: every benchmark (11 per manager), two forks (run-to-run variance
     * shows in the error), eight 1 s warmups and five 1 s measurements per fork. Measured 17 min
     * 19 s for the three default managers on 2 cores (a loaded machine) and 15 min 20 s on a quiet
     * one (inside {@code run --profile nightly}), about 6 more per extra manager. Two forks are too
     * few for compare to separate a change from fork-to-fork noise (see docs/results.md, the A/A test).
     */
    NIGHTLY(List.of("-f", "2", "-wi", "8", "-i", "5", "-w", "1s", "-r", "1s"),
            "^dev\\.crosstalk\\.bench\\.");

    private final List<String> jmhOptions;
    private final String defaultSelection;

    BenchProfile(List<String> jmhOptions, String defaultSelection) {
        this.jmhOptions = jmhOptions;
        this.defaultSelection = defaultSelection;
    }

    /** The JMH command-line options of this profile (forks, iterations, times). */
    public List<String> jmhOptions() {
        return jmhOptions;
    }

    /** The JMH include regex used when no {@code --benchmarks} is given. */
    public String defaultSelection() {
        return defaultSelection;
    }

    /** The lower-case name used on the command line and in {@code summary.json}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The profile named {@code label}, case-insensitively. */
    public static BenchProfile of(String label) {
        for (BenchProfile p : values()) {
            if (p.label().equalsIgnoreCase(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown bench profile \"" + label + "\" (smoke or nightly)");
    }
}
