package dev.crosstalk.results.trend;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.stats.EDivisive;
import dev.crosstalk.results.stats.Stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The history of each metric over many archives (ordered by start time), with its change points. */
public final class Trend {

    /** One archive's value of a metric; {@code changePoint} marks the first archive of a new regime. */
    public record Point(String archive, String started, Double value, boolean changePoint) {
    }

    /**
     * A change point: the archive that starts the new regime, the means of the regimes before and
     * after it (up to the neighbouring change points), the change in percent, and the permutation p-value.
     */
    public record Change(String archive, int index, double before, double after, double deltaPercent, double p,
                         boolean worse) {
    }

    public record Series(String metric, String unit, boolean lowerIsBetter, List<Point> points, List<Change> changes) {
    }

    public record Result(List<String> archives, List<Series> series) {
        public List<Series> withChanges() {
            return series.stream().filter(s -> !s.changes().isEmpty()).toList();
        }
    }

    private final EDivisive detector;
    private final double minChangePercent;

    /**
     * @param detector         the change-point detector
     * @param minChangePercent change points whose regimes differ by less than this (in percent of the earlier mean)
     *                         are dropped, like Otava's {@code min_magnitude}; 0 keeps every significant one
     */
    public Trend(EDivisive detector, double minChangePercent) {
        this.detector = detector;
        this.minChangePercent = minChangePercent;
    }

    /** Change points smaller than this are not reported by default: compare's minimum effect (docs/results.md). */
    public static final double DEFAULT_MIN_CHANGE_PERCENT = 5;

    /** The default detector, change points of at least {@value #DEFAULT_MIN_CHANGE_PERCENT} %. */
    public Trend() {
        this(EDivisive.defaults(), DEFAULT_MIN_CHANGE_PERCENT);
    }

    /**
     * Archives are sorted by manifest start time (then file name); {@code metric} filters names (find), may be null.
     *
     * <p>A history compares like with like: a smoke archive's load (a short steady run) and a nightly
     * archive's (a connection storm) share metric names but not meaning, so when the archives come from
     * more than one profile each profile gets its own series, named {@code "<metric> [<profile>]"}. Mixing
     * them would put a change point wherever the profile changes.
     */
    public Result analyse(List<Archive> archives, Pattern metric) {
        List<Archive> sorted = new ArrayList<>(archives);
        sorted.sort(Comparator.comparing((Archive a) -> a.manifest().startedAt()).thenComparing(Archive::name));
        Map<String, List<Archive>> byProfile = new TreeMap<>();
        for (Archive a : sorted) {
            byProfile.computeIfAbsent(a.manifest().profile(), k -> new ArrayList<>()).add(a);
        }
        List<Series> out = new ArrayList<>();
        for (var group : byProfile.entrySet()) {
            String suffix = byProfile.size() > 1 ? " [" + group.getKey() + "]" : "";
            out.addAll(analyseOneProfile(group.getValue(), metric, suffix));
        }
        return new Result(sorted.stream().map(Archive::name).toList(), out);
    }

    private List<Series> analyseOneProfile(List<Archive> sorted, Pattern metric, String suffix) {
        List<Map<String, Metrics.Value>> values = sorted.stream().map(Metrics::of).toList();
        Map<String, Metrics.Value> names = new LinkedHashMap<>();
        values.forEach(m -> m.forEach(names::putIfAbsent));
        List<Series> out = new ArrayList<>();
        for (var e : names.entrySet()) {
            String name = e.getKey();
            if (metric != null && !metric.matcher(name).find()) {
                continue;
            }
            List<Integer> present = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                if (values.get(i).containsKey(name)) {
                    present.add(i);
                }
            }
            double[] series = present.stream().mapToDouble(i -> values.get(i).get(name).value()).toArray();
            List<EDivisive.ChangePoint> cps = detector.detect(series);
            List<Change> changes = new ArrayList<>();
            Set<Integer> cpArchives = new HashSet<>();
            for (int k = 0; k < cps.size(); k++) {
                EDivisive.ChangePoint cp = cps.get(k);
                int from = k == 0 ? 0 : cps.get(k - 1).index();
                int to = k + 1 < cps.size() ? cps.get(k + 1).index() : series.length;
                double before = Stats.mean(Arrays.copyOfRange(series, from, cp.index()));
                double after = Stats.mean(Arrays.copyOfRange(series, cp.index(), to));
                double delta = Stats.deltaPercent(before, after);
                if (Double.isFinite(delta) && Math.abs(delta) < minChangePercent) {
                    continue;
                }
                int archiveIndex = present.get(cp.index());
                cpArchives.add(archiveIndex);
                boolean worse = e.getValue().lowerIsBetter() ? after > before : after < before;
                changes.add(new Change(sorted.get(archiveIndex).name(), archiveIndex, before, after, delta, cp.p(), worse));
            }
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                Metrics.Value v = values.get(i).get(name);
                points.add(new Point(sorted.get(i).name(), sorted.get(i).manifest().started(),
                        v == null ? null : v.value(), cpArchives.contains(i)));
            }
            out.add(new Series(name + suffix, e.getValue().unit(), e.getValue().lowerIsBetter(), points, changes));
        }
        return out;
    }
}
