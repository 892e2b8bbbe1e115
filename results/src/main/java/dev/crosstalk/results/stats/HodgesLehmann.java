package dev.crosstalk.results.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.Arrays;

/**
 * The Hodges–Lehmann estimate of the shift between two samples, with its distribution-free (Moses) confidence
 * interval, taken on log values so that the shift is a <b>ratio</b> candidate/base.
 *
 * <p>Of the m·n pairwise differences d = ln y<sub>j</sub> − ln x<sub>i</sub>, the estimate is the median and the
 * interval is [d<sub>(k)</sub>, d<sub>(mn−k+1)</sub>] (sorted, 1-based), where k is the largest integer with
 * P(U ≤ k−1) ≤ (1 − confidence)/2 under the null distribution of the Mann–Whitney U. Its coverage is exact for any
 * continuous distribution under the shift model (here: a slowdown multiplies every fork's time by the same
 * factor), which a bootstrap over five forks a side cannot promise: there are only C(10,5) = 252 distinct
 * resamplings and the percentile interval under-covers at that size. The interval is the inversion of the very
 * U test {@link MannWhitney} does, so "the interval excludes 1" and "p &lt; alpha" agree.
 *
 * <ul>
 *   <li>Exact (the U distribution counted by {@link MannWhitney#distribution}) without ties and for at most
 *       {@value MannWhitney#EXACT_MAX} values a side;</li>
 *   <li>otherwise k = ⌊mn/2 − z<sub>1−α/2</sub>·√(mn(m+n+1)/12)⌋ (the normal approximation, no tie correction:
 *       the interval is then a little wide, never narrow).</li>
 * </ul>
 * When the samples are too small for the confidence asked (k &lt; 1: for 95%, fewer than 4 + 4 values), the
 * interval is unbounded and says so.
 */
public final class HodgesLehmann {

    /**
     * A ratio candidate/base with its interval.
     *
     * @param confidence the interval's actual coverage (exact: a little above the one asked, as the U
     *                   distribution is discrete; normal: the one asked)
     */
    public record Interval(double estimate, double low, double high, double confidence, boolean exact) {

        /** Whether both ends are finite (the samples were large enough for the confidence asked). */
        public boolean bounded() {
            return Double.isFinite(low) && Double.isFinite(high) && low > 0;
        }

        public boolean contains(double ratio) {
            return low <= ratio && ratio <= high;
        }
    }

    private HodgesLehmann() {
    }

    /** The ratio candidate/base of positive samples, with an interval of at least {@code confidence}. */
    public static Interval ratio(double[] base, double[] candidate, double confidence) {
        int m = base.length;
        int n = candidate.length;
        if (m == 0 || n == 0) {
            throw new IllegalArgumentException("both samples need values (" + m + " + " + n + ")");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, not " + confidence);
        }
        double[] d = new double[m * n];
        int k = 0;
        for (double x : base) {
            for (double y : candidate) {
                if (!(x > 0 && y > 0)) {
                    throw new IllegalArgumentException("a ratio needs positive values, not " + x + " and " + y);
                }
                d[k++] = Math.log(y) - Math.log(x);
            }
        }
        Arrays.sort(d);
        double estimate = Math.exp(Stats.median(d));
        double alpha = 1 - confidence;
        boolean exact = !ties(base, candidate) && m <= MannWhitney.EXACT_MAX && n <= MannWhitney.EXACT_MAX;
        int rank;
        double coverage;
        if (exact) {
            double[] freq = MannWhitney.distribution(m, n);
            double total = Arrays.stream(freq).sum();
            double cum = 0;
            rank = 0;            // the largest k with P(U <= k-1) <= alpha/2
            double tail = 0;
            while (rank < freq.length && cum + freq[rank] <= alpha / 2 * total) {
                cum += freq[rank];
                rank++;
                tail = cum;
            }
            coverage = 1 - 2 * tail / total;
        } else {
            double z = new NormalDistribution().inverseCumulativeProbability(1 - alpha / 2);
            rank = (int) Math.floor(m * (double) n / 2 - z * Math.sqrt(m * (double) n * (m + n + 1) / 12.0));
            coverage = confidence;
        }
        if (rank < 1) {
            return new Interval(estimate, 0, Double.POSITIVE_INFINITY, 1, exact);
        }
        return new Interval(estimate, Math.exp(d[rank - 1]), Math.exp(d[m * n - rank]), coverage, exact);
    }

    private static boolean ties(double[] x, double[] y) {
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        Arrays.sort(all);
        for (int i = 1; i < all.length; i++) {
            if (all[i] == all[i - 1]) {
                return true;
            }
        }
        return false;
    }
}
