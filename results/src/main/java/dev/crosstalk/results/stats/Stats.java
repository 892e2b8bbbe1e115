package dev.crosstalk.results.stats;

import java.util.Arrays;
import java.util.Collection;

/** Small descriptive statistics. */
public final class Stats {

    private Stats() {
    }

    public static double[] array(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    public static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
    }

    /** The largest distance of a sample from the median, as a percentage of the median (benchstat's "±"). */
    public static double spreadPercent(double[] values) {
        double med = median(values);
        if (values.length == 0 || med == 0) {
            return Double.NaN;
        }
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v - med));
        }
        return 100 * max / Math.abs(med);
    }

    /** The geometric mean of positive values (others are skipped); NaN if none. */
    public static double geomean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (v > 0 && Double.isFinite(v)) {
                sum += Math.log(v);
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.exp(sum / n);
    }

    /** (candidate − base) / base in percent. */
    public static double deltaPercent(double base, double candidate) {
        if (base == 0) {
            return candidate == 0 ? 0 : Double.POSITIVE_INFINITY * Math.signum(candidate);
        }
        return 100 * (candidate - base) / Math.abs(base);
    }
}
