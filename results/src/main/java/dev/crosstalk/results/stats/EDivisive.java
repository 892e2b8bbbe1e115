package dev.crosstalk.results.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Change-point detection by e-divisive means (Matteson &amp; James, 2014), as used by MongoDB's signal
 * processing and Apache Otava (formerly Hunter), with α = 1.
 *
 * <p>For a segment Z of length n split at τ into X = Z[0, τ) and Y = Z[τ, n), the divergence is
 * <pre>
 *   q(τ) = τ(n−τ)/n · ( 2/(τ(n−τ)) Σ|Xi−Yj| − 1/C(τ,2) Σ_{i&lt;k}|Xi−Xk| − 1/C(n−τ,2) Σ_{j&lt;k}|Yj−Yk| )
 * </pre>
 * The candidate is the τ maximising q over every current segment (bisection: of the best split of each segment,
 * the one with the largest q). Its significance comes from the permutation test as published (Matteson &amp; James
 * 2014, §3.2; R's {@code ecp::e.divisive}): each permutation shuffles the values <i>within every segment</i> found
 * so far, finds the best split of each shuffled segment, and takes the <b>maximum over all segments</b>;
 * p = (1 + #{max q_perm ≥ q̂}) / (1 + permutations). Shuffling only the segment that holds the candidate would
 * compare the best of k segments with the best of one, and call changes significant too easily once there are
 * several segments (each new search is then a multiple comparison the test did not count). When p &lt;
 * {@code significance} the change point is kept and the search repeats, until a candidate is not significant.
 * Each side of a split holds at least {@code minSize} points. The random generator is seeded, so the same history
 * always gives the same answer.
 */
public final class EDivisive {

    /** A change point: the first index of the new regime, its divergence and permutation p-value. */
    public record ChangePoint(int index, double q, double p) {
    }

    private final double significance;
    private final int permutations;
    private final long seed;
    private final int minSize;

    public EDivisive(double significance, int permutations, long seed, int minSize) {
        if (minSize < 2) {
            throw new IllegalArgumentException("minSize must be at least 2");
        }
        this.significance = significance;
        this.permutations = permutations;
        this.seed = seed;
        this.minSize = minSize;
    }

    /** α = 0.05, 199 permutations, seed 1, segments of at least 2 points. */
    public static EDivisive defaults() {
        return new EDivisive(0.05, 199, 1L, 2);
    }

    /** The significant change points of {@code series}, by index, in order. */
    public List<ChangePoint> detect(double[] series) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ChangePoint> found = new ArrayList<>();
        List<Integer> bounds = new ArrayList<>(List.of(0, series.length));
        while (true) {
            int bestStart = -1;
            double[] best = null;
            for (int s = 0; s + 1 < bounds.size(); s++) {
                int a = bounds.get(s);
                int b = bounds.get(s + 1);
                double[] seg = Arrays.copyOfRange(series, a, b);
                double[] cand = bestSplit(seg);     // {tau, q}
                if (cand != null && (best == null || cand[1] > best[1])) {
                    best = cand;
                    bestStart = a;
                }
            }
            if (best == null) {
                break;
            }
            double p = permutationP(series, bounds, best[1], rnd);
            if (p >= significance) {
                break;
            }
            int index = bestStart + (int) best[0];
            found.add(new ChangePoint(index, best[1], p));
            bounds.add(index);
            Collections.sort(bounds);
        }
        found.sort((x, y) -> Integer.compare(x.index(), y.index()));
        return found;
    }

    /**
     * The permutation p-value of the largest divergence {@code q} over the segments {@code bounds} cut
     * {@code series} into: each permutation shuffles within every segment and keeps the largest best-split q of
     * them all.
     */
    private double permutationP(double[] series, List<Integer> bounds, double q, SplittableRandom rnd) {
        int atLeast = 0;
        for (int r = 0; r < permutations; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s + 1 < bounds.size(); s++) {
                double[] perm = Arrays.copyOfRange(series, bounds.get(s), bounds.get(s + 1));
                for (int i = perm.length - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    double t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
                double[] c = bestSplit(perm);
                if (c != null) {
                    max = Math.max(max, c[1]);
                }
            }
            if (max >= q) {
                atLeast++;
            }
        }
        return (1.0 + atLeast) / (1.0 + permutations);
    }

    /** {tau, q} of the best split of {@code z}, for tests. */
    public double[] bestSplitForTest(double[] z) {
        return bestSplit(z);
    }

    /**
     * {tau, q} of the best split of {@code z} (τ = first index of the right side), or null if too short. As
     * published, the right side's end κ is searched too: X = z[0, τ), Y = z[τ, κ) for every τ &lt; κ ≤ n (each side
     * at least {@code minSize}). With κ fixed at n (as Otava does) a bump — 100, then 125, then 100 again — is seen
     * only weakly at its first edge, because the right side mixes the bump with the return; with κ at the bump's end
     * the first edge is as clear as a step. Block sums of |z_i − z_j| come from a 2-D prefix sum, so the search is
     * O(n²) per segment.
     */
    double[] bestSplit(double[] z) {
        int n = z.length;
        if (n < 2 * minSize) {
            return null;
        }
        // P[a][b] = Σ_{i<a, j<b} |z_i − z_j| (the full symmetric matrix)
        double[][] prefix = new double[n + 1][n + 1];
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += Math.abs(z[i] - z[j]);
                prefix[i + 1][j + 1] = prefix[i][j + 1] + row;
            }
        }
        double bestQ = Double.NEGATIVE_INFINITY;
        int bestTau = -1;
        for (int kappa = 2 * minSize; kappa <= n; kappa++) {
            for (int tau = minSize; tau <= kappa - minSize; tau++) {
                int m = kappa - tau;
                double between = block(prefix, 0, tau, tau, kappa);
                double withinL = block(prefix, 0, tau, 0, tau) / 2;
                double withinR = block(prefix, tau, kappa, tau, kappa) / 2;
                double pairsL = tau * (tau - 1) / 2.0;
                double pairsR = m * (m - 1) / 2.0;
                double e = 2 * between / ((double) tau * m) - withinL / pairsL - withinR / pairsR;
                double q = (double) tau * m / kappa * e;
                if (q > bestQ) {
                    bestQ = q;
                    bestTau = tau;
                }
            }
        }
        return bestTau < 0 ? null : new double[]{bestTau, bestQ};
    }

    /** Σ |z_i − z_j| over i in [a1, a2), j in [b1, b2). */
    private static double block(double[][] prefix, int a1, int a2, int b1, int b2) {
        return prefix[a2][b2] - prefix[a1][b2] - prefix[a2][b1] + prefix[a1][b1];
    }
}
