package dev.crosstalk.harness.run;

import dev.crosstalk.harness.bench.BenchProfile;
import dev.crosstalk.harness.load.LoadMatrix;
import dev.crosstalk.harness.load.Scenario;
import dev.crosstalk.harness.stress.StressMode;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What {@code crosstalk run --profile …} runs with each instrument. One place, so that the budgets
 * the README promises are read off one table.
 *
 * @param stressAll       stress every provider (the sensitivity matrix) rather than the chosen manager
 * @param stressMode      JCStress mode
 * @param exploreAll      explore every provider (the explore matrix) rather than the chosen manager
 * @param exploreBudget   interleavings per explore scenario: a budget, not a time, so that two archives of the same
 *                        code explore the same interleavings and compare finds changes of code, not of machine speed
 * @param benchProfile    JMH profile
 * @param loadScenario    load scenario
 * @param loadUsers       users
 * @param sessionsPerUser sessions (tabs) per user
 * @param runsPerSession  runs per session, or 0 to run for {@code loadDuration}
 * @param loadDuration    how long the load runs when {@code runsPerSession} is 0
 * @param loadIds         the load's ids: tame or adversarial ({@code --ids})
 * @param loadColumns     the columns of the load sensitivity matrix ({@code load --all}) run after the load, into
 *                        {@code load/matrix.json}; empty for none. In a run, a seeded defect the load matrix misses
 *                        holds when the run's stress or explore matrix caught it ({@link
 *                        dev.crosstalk.results.archive.Verdict#ofLoad}); a correct path's finding never does
 * @param loadSoak        the load is a soak (null: it is not): heap and descriptors sampled, at a fixed rate
 */
public record RunProfile(String name, boolean stressAll, StressMode stressMode, boolean exploreAll, int exploreBudget,
                         BenchProfile benchProfile,
                         Scenario loadScenario, int loadUsers, int sessionsPerUser, int runsPerSession,
                         Duration loadDuration, String loadIds, List<LoadMatrix.Column> loadColumns,
                         LoadSoak loadSoak) {

    public RunProfile {
        loadColumns = List.copyOf(loadColumns);
    }

    /** Whether the profile runs the load sensitivity matrix (some of its columns). */
    public boolean loadAll() {
        return !loadColumns.isEmpty();
    }

    /**
     * A soak: the heap (after GC) and the open descriptors of the load's JVM, the in-process server's included, are
     * sampled every {@code sampleEvery}, and a rise fails the load ({@code load/resources.json}). Runs start at a fixed
     * rate (the open model), not back to back: the driver remembers each run for a while after it ends, so with the
     * closed model its heap follows the machine's speed (measured: a 6-fold throughput change on a shared machine
     * doubled it) and "flat" would judge the machine, not the code.
     */
    public record LoadSoak(Duration sampleEvery, double runsPerSecond) {
    }

    /**
     * Under 5 minutes on 2 cores (3 min 58 s measured quiet): one manager's probes in sanity mode, its explore
     * scenarios at 20 interleavings each, the JMH smoke subset, a 100-session load.
     */
    public static final RunProfile SMOKE = new RunProfile("smoke",
            /* stress */ false, StressMode.SANITY, /* explore */ false, 20, BenchProfile.SMOKE,
            /* load */ Scenario.STEADY, 50, 2, 5, Duration.ZERO, "tame", List.of(), null);

    /**
     * Not yet timed end to end with 13 probes: the whole sensitivity matrix in sanity mode (19 min 49 s unaided on a
     * busy machine before the publication probe's larger budget), the run's manager explored at 120 interleavings per
     * scenario (explore's default: every thread start order of 8 scenarios), every benchmark with five forks (the
     * fork is compare's sample), a connection storm of 2,000 sessions with adversarial ids, then the load matrix's
     * {@link #nightlyLoadColumns columns}: not all nine (23 min on a quiet 2-core machine, docs/load.md; the first-use
     * column's four rounds are most of it) in the night's 45 minutes.
     *
     * <p>Explore covers the run's manager only, not every provider: the explore matrix at 120 interleavings per cell
     * (30 min measured, docs/explore.md) does not fit beside the stress matrix and the benchmarks in a night's
     * 45 minutes on 2 cores; prerelease runs it.
     */
    public static final RunProfile NIGHTLY = new RunProfile("nightly",
            /* stress */ true, StressMode.SANITY, /* explore */ false, 120, BenchProfile.NIGHTLY,
            /* load */ Scenario.CONNECTION_STORM, 1000, 2, 10, Duration.ZERO, "adversarial", nightlyLoadColumns(),
            null);

    /**
     * The thorough one: the matrix in quick mode, the explore matrix (every provider, built in and plugins, at
     * nightly's 120 interleavings per scenario: the release gate judges it like the stress matrix), nightly JMH, a
     * 10-minute churn soak of 2,000 sessions with adversarial ids at 200 runs/s, its server in process, the heap (after
     * GC) and the open descriptors sampled every 10 s (a rise through the soak is a finding: docs/load.md, "Soak"),
     * then the whole load matrix ({@code load --all}: every
     * provider x nine columns). One burst of its first-use column catches {@code early-publication} about 1 time in 3 (docs/load.md);
     * the column's four rounds make a miss rarer, not impossible, so the load matrix's misses are judged against the run's other instruments ({@link
     * dev.crosstalk.results.archive.Verdict#ofLoad}): the gate fails on a defect no instrument caught, not on a coin
     * toss.
     */
    public static final RunProfile PRERELEASE = new RunProfile("prerelease",
            /* stress */ true, StressMode.QUICK, /* explore */ true, 120, BenchProfile.NIGHTLY,
            /* load */ Scenario.CHURN, 1000, 2, 0, Duration.ofMinutes(10), "adversarial", LoadMatrix.COLUMNS,
            new LoadSoak(Duration.ofSeconds(10), 200));

    /**
     * The nightly load matrix: churn and pressure, with tame and adversarial ids — in the matrix measured on 2026-12-01
     * (docs/load.md) these caught every leak and loss defect but the creation races {@code check-then-act-registry},
     * {@code early-publication} (first-use only) and {@code racy-factory-singleton} (first-use, once
     * connection-storm), at a few seconds a cell. Not first-use (25 s a cell, and its races are the stress probes' and explore's to catch
     * every night), nor steady and connection-storm (their catches are a subset of churn's and pressure's there).
     */
    private static List<LoadMatrix.Column> nightlyLoadColumns() {
        return List.of(LoadMatrix.Column.parse("churn/tame"), LoadMatrix.Column.parse("pressure/tame"),
                LoadMatrix.Column.parse("churn/adversarial"), LoadMatrix.Column.parse("pressure/adversarial"));
    }

    /** The profile named {@code label}. */
    public static RunProfile of(String label) {
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "smoke" -> SMOKE;
            case "nightly" -> NIGHTLY;
            case "prerelease" -> PRERELEASE;
            default -> throw new IllegalArgumentException("unknown profile \"" + label
                    + "\": expected smoke, nightly or prerelease");
        };
    }
}
