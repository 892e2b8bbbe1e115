package dev.crosstalk.results.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the forks of a benchmark fall into separate levels (modes) that are not explained by which side they
 * belong to. A JVM fork can settle in one of a few steady states (a JIT decision, an inlining that did or did not
 * happen, a heap layout), and the same code then measures 10–70 % apart from fork to fork (docs/results.md, the
 * A/A test). A rank test over such forks compares how many forks of each side happened to land in the slow
 * mode — luck, not code.
 *
 * <p>The rule: sort the fork medians of both sides together; a <i>gap</i> is a step between neighbours larger
 * than {@code minGap} (a ratio) and larger than 3× the typical spread of a fork's own iterations (so that a
 * step is a separation, not noise), with at least 2 forks on each side of it (one far fork is an outlier,
 * which a rank test already counts only once). The benchmark is multi-modal when a gap is <b>straddled</b> by
 * either side — that side has forks below and above it: its forks took different levels with the same code.
 * A gap that separates base from candidate exactly is what a real shift looks like, and is left to the test.
 */
public final class ForkModes {

    private ForkModes() {
    }

    /**
     * @param base           the base's fork medians
     * @param candidate      the candidate's fork medians
     * @param withinSpread   the typical relative spread of one fork's iterations ((max − min)/median), 0 if unknown
     * @param minGap         the smallest step that can separate modes, as a ratio − 1 (e.g. 0.10)
     * @return why the forks are multi-modal, or empty
     */
    public static Optional<String> multiModal(double[] base, double[] candidate, double withinSpread, double minGap) {
        record Fork(double value, boolean base) {
        }
        List<Fork> all = new ArrayList<>();
        for (double v : base) {
            all.add(new Fork(v, true));
        }
        for (double v : candidate) {
            all.add(new Fork(v, false));
        }
        all.sort(Comparator.comparingDouble(Fork::value));
        double threshold = Math.log1p(Math.max(minGap, 3 * withinSpread));
        for (int i = 2; i + 2 <= all.size(); i++) {       // gap between all[i-1] and all[i], ≥ 2 forks each side
            double lo = all.get(i - 1).value();
            double hi = all.get(i).value();
            if (!(lo > 0) || Math.log(hi / lo) <= threshold) {
                continue;
            }
            List<Fork> below = all.subList(0, i);
            List<Fork> above = all.subList(i, all.size());
            for (boolean side : new boolean[]{true, false}) {
                long b = below.stream().filter(f -> f.base() == side).count();
                long a = above.stream().filter(f -> f.base() == side).count();
                if (b > 0 && a > 0) {
                    return Optional.of(String.format(Locale.ROOT, "multi-modal: the %s's forks sit on both sides of a"
                                    + " %.0f%% gap (%d below, %d above)", side ? "base" : "candidate",
                            100 * (hi / lo - 1), b, a));
                }
            }
        }
        return Optional.empty();
    }

    /** The median over forks of each fork's (max − min)/median of its iterations; 0 with one iteration a fork. */
    public static double withinSpread(List<List<Double>> forks) {
        double[] spreads = forks.stream().filter(f -> f.size() > 1).mapToDouble(f -> {
            double[] v = f.stream().mapToDouble(Double::doubleValue).toArray();
            double med = Stats.median(v);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            return med > 0 ? (max - min) / med : 0;
        }).toArray();
        return spreads.length == 0 ? 0 : Stats.median(spreads);
    }
}
