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
     * One fork is no sample of forks: {@code crosstalk compare} takes the JVM fork as its sample, so
     * two smoke archives are compared for B/op and for running at all, never judged for time.
     */
    SMOKE(List.of("-f", "1", "-wi", "2", "-i", "5", "-w", "1s", "-r", "1s"),
            "CreationBenchmark\\.(coldCreate|coldCreate_2threads|warmLookup|hotUser_2threads)$"
                    + "|GoldenPathBenchmark\\.emitRun$"),

    /**
     * The nightly measurement: every benchmark (11 per manager), <b>five forks</b> of four 900 ms
     * warmups and three 400 ms measurements. {@code crosstalk compare} takes the fork as its sample
     * (the iterations of one fork share its JIT state; forks of the same code differ 10–70 %,
     * docs/results.md), and five forks a side is the least that lets its exact rank test reach
     * p = 0.008. The measured time per benchmark is kept: 5 × (3.6 + 1.2) s = 24 s against the
     * former 2 × (8 + 5) s = 26 s, the difference paying for three more JVM starts; 4 × 900 ms of
     * warmup keeps the ~4 s contended creation needs to settle. (The former two forks took 17 min
     * 19 s busy, 15 min 20 s quiet for the three default managers; this one is not yet timed.)
     */
    NIGHTLY(List.of("-f", "5", "-wi", "4", "-i", "3", "-w", "900ms", "-r", "400ms"),
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
