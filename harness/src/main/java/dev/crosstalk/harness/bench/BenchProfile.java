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
    SMOKE(List.of("-f", "1", "-wi", "2", "-i", "5", "-w", "1s", "-r", "1s"), 1,
            "CreationBenchmark\\.(coldCreate|coldCreate_2threads|warmLookup|hotUser_2threads)$"
                    + "|GoldenPathBenchmark\\.emitRun$"),

    /**
     * The nightly measurement: every benchmark (11 per manager), <b>five forks</b> of four 900 ms
     * warmups and three 400 ms measurements, run as <b>five rounds of one fork each</b>. {@code crosstalk
     * compare} takes the fork as its sample (the iterations of one fork share its JIT state; forks of the
     * same code differ 10–70 %, docs/results.md), and five forks a side is the least that lets its exact
     * rank test reach p = 0.008. Why rounds: JMH runs the forks of one benchmark back to back, within about
     * a minute of a 16-minute night, so whatever the machine does in that minute moves all five together —
     * measured: two runs of {@code coldCreate} over ssot one after the other, 43.4 ns/op then 37.2, each
     * run's five forks within ±3 % of each other ({@link JmhRounds}). A test on forks cannot see such a
     * shift; spread over the night, the machine's drift falls inside the sample. The measured time per
     * benchmark is kept: 5 × (3.6 + 1.2) s = 24 s; the rounds add four JMH starts (a few seconds).
     */
    NIGHTLY(List.of("-f", "1", "-wi", "4", "-i", "3", "-w", "900ms", "-r", "400ms"), 5,
            "^dev\\.crosstalk\\.bench\\.");

    private final List<String> jmhOptions;
    private final int rounds;
    private final String defaultSelection;

    BenchProfile(List<String> jmhOptions, int rounds, String defaultSelection) {
        this.jmhOptions = jmhOptions;
        this.rounds = rounds;
        this.defaultSelection = defaultSelection;
    }

    /** The JMH command-line options of one round of this profile (forks, iterations, times). */
    public List<String> jmhOptions() {
        return jmhOptions;
    }

    /**
     * How many times JMH runs the whole selection, one after the other; the rounds' forks are joined into one
     * {@code jmh.json} ({@link JmhRounds}), so a benchmark's forks are spread over the run instead of back to back.
     */
    public int rounds() {
        return rounds;
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
