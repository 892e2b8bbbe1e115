package dev.crosstalk.results.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * False-discovery control across the m tests of one comparison (Benjamini &amp; Hochberg, 1995): the adjusted
 * p-value (q) of the test of rank i (by p, ascending) is min over j ≥ i of m·p<sub>(j)</sub>/j, capped at 1;
 * rejecting every q &lt; α keeps the expected share of false findings among the findings at or below α for
 * independent (or positively dependent) tests — benchmarks run one after the other on one machine are the
 * latter: a busy night slows them all. When nothing changed (an A/A comparison) every finding is false, and
 * then BH bounds the chance of <i>any</i> finding by α, as Holm does; when something did change, BH keeps
 * the power to see it across many benchmarks that Holm's family-wise bound would spend (R's
 * {@code p.adjust(p, "BH")}).
 */
public final class BenjaminiHochberg {

    private BenjaminiHochberg() {
    }

    /** The adjusted p-values, in the order of {@code p}. */
    public static double[] adjust(double[] p) {
        int m = p.length;
        double[] q = new double[m];
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double running = 1;
        for (int r = m - 1; r >= 0; r--) {
            int i = order[r];
            running = Math.min(running, p[i] * m / (r + 1));
            q[i] = Math.min(1, running);
        }
        return q;
    }
}
