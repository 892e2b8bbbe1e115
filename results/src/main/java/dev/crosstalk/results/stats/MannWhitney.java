package dev.crosstalk.results.stats;

import org.apache.commons.math3.special.Erf;

import java.util.Arrays;

/**
 * The two-sided Mann-Whitney U test (Wilcoxon rank-sum): do two samples come from the same
 * distribution, without assuming a normal one? This is what benchstat uses for benchmark samples.
 *
 * <ul>
 *   <li><b>Exact</b> when there are no ties and each sample has at most {@value #EXACT_MAX} values: the null
 *       distribution of U is counted exactly (the coefficients of the Gaussian binomial
 *       {@code [n1+n2 choose n1]_q}); p = min(1, 2·min(P(U ≤ u), P(U ≥ u))).</li>
 *   <li>Otherwise the <b>normal approximation</b> with the tie correction of the variance,
 *       σ² = n1·n2/12 · ((N+1) − Σ(t³−t)/(N(N−1))), and a continuity correction of ½:
 *       z = (|U − n1·n2/2| − ½)/σ, p = erfc(z/√2). (The same as SciPy's {@code mannwhitneyu(...,
 *       method="asymptotic", use_continuity=True)}.)</li>
 * </ul>
 * U is the statistic of the first sample: the number of pairs (x, y) with x &gt; y, ties counting ½.
 */
public final class MannWhitney {

    /** Largest sample size for which the exact distribution is used. */
    public static final int EXACT_MAX = 50;

    /**
     * @param u      U of the first sample
     * @param p      two-sided p-value
     * @param exact  whether the exact distribution was used
     */
    public record Result(double u, double p, int n1, int n2, boolean exact) {
    }

    private MannWhitney() {
    }

    public static Result test(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        if (n1 == 0 || n2 == 0) {
            return new Result(Double.NaN, 1.0, n1, n2, false);
        }
        int n = n1 + n2;
        double[] all = new double[n];
        System.arraycopy(x, 0, all, 0, n1);
        System.arraycopy(y, 0, all, n1, n2);
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(all[a], all[b]));
        double[] rank = new double[n];
        double tieSum = 0;
        boolean ties = false;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all[idx[j + 1]] == all[idx[i]]) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;      // ranks are 1-based
            for (int k = i; k <= j; k++) {
                rank[idx[k]] = mid;
            }
            int t = j - i + 1;
            if (t > 1) {
                ties = true;
                tieSum += (double) t * t * t - t;
            }
            i = j + 1;
        }
        double r1 = 0;
        for (int i = 0; i < n1; i++) {
            r1 += rank[i];
        }
        double u = r1 - n1 * (n1 + 1) / 2.0;
        if (!ties && n1 <= EXACT_MAX && n2 <= EXACT_MAX) {
            double[] freq = distribution(n1, n2);
            double total = 0;
            for (double f : freq) {
                total += f;
            }
            int ui = (int) Math.round(u);
            double le = 0;
            for (int k = 0; k <= ui; k++) {
                le += freq[k];
            }
            double ge = 0;
            for (int k = ui; k < freq.length; k++) {
                ge += freq[k];
            }
            double p = Math.min(1.0, 2 * Math.min(le, ge) / total);
            return new Result(u, p, n1, n2, true);
        }
        double mu = n1 * (double) n2 / 2;
        double var = n1 * (double) n2 / 12.0 * ((n + 1) - tieSum / ((double) n * (n - 1)));
        if (var <= 0) {
            return new Result(u, 1.0, n1, n2, false);          // every value equal
        }
        double z = Math.max(0, Math.abs(u - mu) - 0.5) / Math.sqrt(var);
        double p = Math.min(1.0, erfc(z / Math.sqrt(2)));
        return new Result(u, p, n1, n2, false);
    }

    /**
     * The number of arrangements giving each U = 0 … n1·n2 when there are no ties: the coefficients of
     * the Gaussian binomial [n1+n2 choose n1]_q = Π_{i=1..n1} (1 − q^(n2+i)) / (1 − q^i).
     */
    static double[] distribution(int n1, int n2) {
        int max = n1 * n2;
        double[] c = new double[max + 1];
        c[0] = 1;
        int deg = 0;
        for (int i = 1; i <= n1; i++) {
            // multiply by (1 - q^(n2+i))
            int k = n2 + i;
            int newDeg = Math.min(max, deg + k);
            for (int d = newDeg; d >= k; d--) {
                c[d] -= c[d - k];
            }
            // divide by (1 - q^i): c'[d] = c[d] + c'[d - i]
            for (int d = i; d <= newDeg; d++) {
                c[d] += c[d - i];
            }
            deg = i * n2;
            for (int d = deg + 1; d <= max; d++) {
                c[d] = 0;
            }
        }
        return c;
    }

    /** The smallest two-sided p-value the test can give for these sample sizes (no ties). */
    public static double minimumP(int n1, int n2) {
        if (n1 == 0 || n2 == 0) {
            return 1;
        }
        if (n1 <= EXACT_MAX && n2 <= EXACT_MAX) {
            double[] f = distribution(n1, n2);
            double total = 0;
            for (double v : f) {
                total += v;
            }
            return Math.min(1, 2 / total);
        }
        return 0;
    }

    /** The complementary error function (Apache Commons Math's, accurate to about 1e-15). */
    public static double erfc(double x) {
        return Erf.erfc(x);
    }
}
