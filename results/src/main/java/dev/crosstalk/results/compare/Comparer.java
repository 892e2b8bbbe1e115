package dev.crosstalk.results.compare;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ExploreResults;
import dev.crosstalk.results.archive.JmhBenchmark;
import dev.crosstalk.results.archive.LatencyLog;
import dev.crosstalk.results.archive.LoadSummary;
import dev.crosstalk.results.archive.Manifest;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.StressResults;
import dev.crosstalk.results.archive.TestStatus;
import dev.crosstalk.results.archive.Verdict;
import dev.crosstalk.results.stats.BenjaminiHochberg;
import dev.crosstalk.results.stats.ForkModes;
import dev.crosstalk.results.stats.HodgesLehmann;
import dev.crosstalk.results.stats.MannWhitney;
import dev.crosstalk.results.stats.Stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** Compares two archives (benchstat-style for JMH; outcome sets for JCStress; percentiles for load). */
public final class Comparer {

    /** The latency metrics (hlog tags) and the statistics compared for each. */
    public static final List<String> LOAD_METRICS = List.of("connect", "first_event", "run");
    public static final List<String> LOAD_STATS = List.of("p50", "p99", "p99.9", "max");

    /** A step between fork modes must be at least this large (a ratio − 1) to separate them. */
    static final double MODE_GAP = 0.10;

    private final double alpha;
    private final double minEffectPercent;
    private final boolean gateOversubscribed;

    /**
     * @param alpha            the false-discovery rate across the benchmarks of a comparison (Benjamini–Hochberg),
     *                         and 1 − the confidence of each ratio's interval (e.g. 0.05)
     * @param minEffectPercent a significant change must be larger than this to count (e.g. 5)
     */
    public Comparer(double alpha, double minEffectPercent) {
        this(alpha, minEffectPercent, false);
    }

    /**
     * @param gateOversubscribed also gate benchmarks with more threads than the machine has processors (by default
     *                           they are shown and marked, not judged: their time measures the scheduler)
     */
    public Comparer(double alpha, double minEffectPercent, boolean gateOversubscribed) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1, not " + alpha);
        }
        if (!(minEffectPercent >= 0)) {
            throw new IllegalArgumentException("the minimum effect must be 0% or more, not " + minEffectPercent);
        }
        this.alpha = alpha;
        this.minEffectPercent = minEffectPercent;
        this.gateOversubscribed = gateOversubscribed;
    }

    public Comparison compare(Archive base, Archive candidate) {
        return compare(List.of(base), candidate);
    }

    /**
     * Compares {@code candidate} with a baseline window: the benchmarks' forks of every archive in {@code window}
     * are pooled as the baseline, and the noise between those archives raises the threshold of each benchmark;
     * stress, explore and load are compared with the newest archive of the window.
     */
    public Comparison compare(List<Archive> window, Archive candidate) {
        if (window.isEmpty()) {
            throw new IllegalArgumentException("no baseline archive");
        }
        List<Archive> sorted = new ArrayList<>(window);
        sorted.sort(Comparator.comparing((Archive a) -> a.manifest().startedAt()).thenComparing(Archive::name));
        Archive base = sorted.get(sorted.size() - 1);
        List<String> env = environment(base.manifest(), candidate.manifest());
        List<String> notes = new ArrayList<>();
        List<String> cannotJudge = cannotJudge(base, candidate);
        List<Comparison.Finding> findings = new ArrayList<>();
        for (Part p : Part.values()) {
            PartStatus b = base.status(p);
            PartStatus c = candidate.status(p);
            if (!base.manifest().lists(p) && !candidate.manifest().lists(p)) {
                continue;   // both written before this instrument existed (explore in older archives)
            }
            if (b != PartStatus.COMPLETE && c == PartStatus.COMPLETE) {
                notes.add(p.dir() + " part: base " + b.label() + ", candidate " + c.label());
            }
        }
        notes.addAll(configDifferences(base.manifest(), candidate.manifest()));
        if (candidate.manifest().git() != null && candidate.manifest().git().dirty()) {
            notes.add("the candidate was run from a checkout with uncommitted changes");
        }
        List<Comparison.BenchRow> bench = bench(sorted, candidate, notes, findings);
        List<Comparison.Geomean> geomeans = geomeans(bench);
        List<Comparison.StressRow> stress = stress(base, candidate, findings);
        matrix("stress sensitivity", base.sensitivity(), candidate.sensitivity(), notes, findings);
        matrix("load", base.loadMatrix(), candidate.loadMatrix(), notes, findings);
        explore(base, candidate, notes, findings);
        List<Comparison.LoadRow> load = load(base, candidate, notes, findings);
        String baseName = sorted.size() == 1 ? base.file().toString()
                : sorted.size() + " archives pooled, newest " + base.file();
        return new Comparison(baseName, candidate.file().toString(), sorted.stream().map(Archive::name).toList(),
                alpha, minEffectPercent, env, notes, bench, geomeans, stress, load, findings, cannotJudge);
    }

    /**
     * What a comparison cannot vouch for in the candidate: a run that did not finish, a part that the base has and
     * the candidate did not complete, a probe or scenario that errored. Each is a reason not to exit 0.
     */
    static List<String> cannotJudge(Archive base, Archive cand) {
        List<String> out = new ArrayList<>();
        Manifest m = cand.manifest();
        if (!"complete".equals(m.status())) {
            out.add("the candidate run is " + m.status() + (m.message() == null ? "" : " (" + m.message() + ")"));
        }
        for (Part p : Part.values()) {
            if (!m.lists(p)) {
                continue;
            }
            PartStatus c = cand.status(p);
            PartStatus b = base.status(p);
            boolean expected = b != PartStatus.NOT_RUN && base.manifest().lists(p);
            if (c == PartStatus.PARTIAL || c == PartStatus.FAILED || c == PartStatus.NOT_RUN && expected) {
                String why = m.parts() == null || m.parts().get(p.dir()) == null ? null : m.parts().get(p.dir()).message();
                out.add("the candidate's " + p.dir() + " part is " + c.label() + (why == null ? "" : " (" + why + ")"));
            }
        }
        cand.stress().ifPresent(s -> s.tests().stream()
                .filter(t -> t.status() == TestStatus.ERROR || t.status() == TestStatus.SKIPPED)
                .forEach(t -> out.add("stress probe " + t.probe() + " over " + t.manager() + " " + t.status().label()
                        + (t.message() == null ? "" : ": " + t.message()))));
        cand.sensitivity().ifPresent(s -> s.rows().stream().filter(r -> Verdict.isError(r.verdict()))
                .forEach(r -> out.add("stress sensitivity row " + r.manager() + ": " + r.verdict())));
        cand.loadMatrix().ifPresent(s -> s.rows().stream().filter(r -> Verdict.isError(r.verdict()))
                .forEach(r -> out.add("load matrix row " + r.manager() + ": " + r.verdict())));
        cand.explore().ifPresent(e -> e.results().stream().filter(r -> ExploreResults.ERROR.equals(r.outcome()))
                .forEach(r -> out.add("explore scenario " + r.scenario() + " over " + r.manager() + " errored"
                        + (r.failure() == null ? "" : ": " + r.failure()))));
        return out;
    }

    // ------------------------------------------------------------------ environment

    static List<String> environment(Manifest b, Manifest c) {
        List<String> out = new ArrayList<>();
        diff(out, "profile", b.profile(), c.profile());
        diff(out, "JVM vendor", b.jvm() == null ? null : b.jvm().vendor(), c.jvm() == null ? null : c.jvm().vendor());
        diff(out, "JVM version", b.jvm() == null ? null : b.jvm().version(), c.jvm() == null ? null : c.jvm().version());
        diff(out, "JVM flags", b.jvm() == null ? null : String.join(" ", nn(b.jvm().flags())),
                c.jvm() == null ? null : String.join(" ", nn(c.jvm().flags())));
        diff(out, "CPUs", String.valueOf(b.cpus()), String.valueOf(c.cpus()));
        diff(out, "OS", b.os() == null ? null : b.os().name() + " " + b.os().version() + " " + b.os().arch(),
                c.os() == null ? null : c.os().name() + " " + c.os().version() + " " + c.os().arch());
        if (b.memory() != null && c.memory() != null && b.memory().physicalBytes() > 0
                && c.memory().physicalBytes() > 0) {
            double ratio = (double) c.memory().physicalBytes() / b.memory().physicalBytes();
            if (ratio < 0.9 || ratio > 1.1) {
                out.add("memory: " + gib(b.memory().physicalBytes()) + " → " + gib(c.memory().physicalBytes()));
            }
        }
        return out;
    }

    /** Top-level settings of each instrument that differ (forks, iterations, mode, users …). */
    static List<String> configDifferences(Manifest b, Manifest c) {
        List<String> out = new ArrayList<>();
        for (Part p : Part.values()) {
            JsonNode x = b.config(p);
            JsonNode y = c.config(p);
            if (x == null || y == null || !x.isObject() || !y.isObject() || x.equals(y)) {
                continue;
            }
            Set<String> keys = new TreeSet<>();
            x.fieldNames().forEachRemaining(keys::add);
            y.fieldNames().forEachRemaining(keys::add);
            List<String> diffs = new ArrayList<>();
            for (String k : keys) {
                if (!Objects.equals(x.get(k), y.get(k))) {
                    diffs.add(k + " " + (x.get(k) == null ? "-" : x.get(k)) + " → " + (y.get(k) == null ? "-" : y.get(k)));
                }
            }
            out.add(p.dir() + " configuration differs: " + String.join(", ", diffs));
        }
        return out;
    }

    private static List<String> nn(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static void diff(List<String> out, String what, String b, String c) {
        if (!Objects.equals(b, c)) {
            out.add(what + ": " + b + " → " + c);
        }
    }

    // ------------------------------------------------------------------ JMH

    /** One benchmark's forks on each side, before the false-discovery step. */
    private record Judged(JmhBenchmark x, JmhBenchmark y, double[] bf, double[] cf, MannWhitney.Result mw,
                          HodgesLehmann.Interval ratio, String excluded, String excludedVerdict, Double noise) {
    }

    /**
     * JMH, with the JVM fork as the sample: each fork's iterations share its JIT decisions and heap layout, so the
     * median of each fork is one observation; the Mann-Whitney test and the Hodges–Lehmann ratio run on those.
     * Benchmarks that oversubscribe the machine or whose forks are multi-modal are shown, not judged; the rest form
     * the family whose p-values Benjamini–Hochberg adjusts.
     */
    private List<Comparison.BenchRow> bench(List<Archive> window, Archive cand, List<String> notes,
                                            List<Comparison.Finding> findings) {
        List<Archive> withJmh = window.stream().filter(a -> a.jmh().isPresent()).toList();
        if (withJmh.isEmpty() || cand.jmh().isEmpty()) {
            if (!withJmh.isEmpty() || cand.jmh().isPresent()) {
                notes.add("bench: only the " + (withJmh.isEmpty() ? "candidate" : "base")
                        + " has bench/jmh.json; nothing to compare");
            }
            return List.of();
        }
        // key → the window's benchmarks, oldest first
        Map<String, List<JmhBenchmark>> b = new LinkedHashMap<>();
        for (Archive a : withJmh) {
            for (JmhBenchmark j : a.jmh().get()) {
                b.computeIfAbsent(j.key(), k -> new ArrayList<>()).add(j);
            }
        }
        Map<String, JmhBenchmark> c = byKey(cand.jmh().get());
        Set<String> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(c.keySet());
        // the fewest processors any of the runs had (0: none recorded): where a benchmark's threads exceed them
        int cpus = Stream.concat(withJmh.stream(), Stream.of(cand))
                .mapToInt(a -> a.manifest().cpus()).filter(n -> n > 0).min().orElse(0);
        List<Comparison.BenchRow> rows = new ArrayList<>();
        Map<String, Judged> judged = new LinkedHashMap<>();
        for (String key : keys) {
            List<JmhBenchmark> xs = b.getOrDefault(key, List.of());
            JmhBenchmark y = c.get(key);
            if (xs.isEmpty() || y == null) {
                JmhBenchmark any = y != null ? y : xs.get(xs.size() - 1);
                rows.add(new Comparison.BenchRow(key, any.label(), any.benchmark(), any.params(), any.mode(), any.unit(),
                        any.threads(), any.lowerIsBetter(), xs.isEmpty() ? null : sample(pooled(xs)),
                        y == null ? null : sample(y.forkMedians()), null, null, null, null, null, null, null, false, false,
                        null, null, y == null ? "only in base" : "only in candidate", null, null, null, null, null, false));
                continue;
            }
            JmhBenchmark x = xs.get(xs.size() - 1);
            double[] bf = pooled(xs);
            double[] cf = y.forkMedians();
            if (bf.length < 2 || cf.length < 2) {
                judged.put(key, new Judged(x, y, bf, cf, null, null, "a side has fewer than 2 forks: the fork is the"
                        + " sample, and one fork is no sample of forks", "too few forks", null));
                continue;
            }
            MannWhitney.Result mw = MannWhitney.test(bf, cf);
            HodgesLehmann.Interval ratio = positive(bf) && positive(cf) ? HodgesLehmann.ratio(bf, cf, 1 - alpha) : null;
            Double noise = windowNoise(xs);
            String excluded = null;
            String excludedVerdict = null;
            if (cpus > 0 && y.threads() > cpus && !gateOversubscribed) {
                excluded = "oversubscribed: " + y.threads() + " threads on " + cpus
                        + " processors measure the scheduler, not the code (--gate-oversubscribed to judge it)";
                excludedVerdict = "oversubscribed";
            } else {
                Optional<String> modes = multiModal(xs, y);
                if (modes.isPresent()) {
                    excluded = modes.get() + "; which forks land in which mode is luck, so no shift can be judged";
                    excludedVerdict = "multi-modal";
                }
            }
            judged.put(key, new Judged(x, y, bf, cf, mw, ratio, excluded, excludedVerdict, noise));
        }
        // the family: every benchmark that can become a finding
        List<String> family = judged.entrySet().stream().filter(e -> e.getValue().excluded() == null)
                .map(Map.Entry::getKey).toList();
        double[] q = BenjaminiHochberg.adjust(family.stream().mapToDouble(k -> judged.get(k).mw().p()).toArray());
        Map<String, Double> qOf = new LinkedHashMap<>();
        for (int i = 0; i < family.size(); i++) {
            qOf.put(family.get(i), q[i]);
        }
        for (String key : keys) {
            Judged j = judged.get(key);
            if (j == null) {
                continue;
            }
            rows.add(row(key, j, qOf.get(key), findings));
        }
        // rows in the order of the keys (the ones only on one side were added first)
        List<String> order = new ArrayList<>(keys);
        rows.sort(Comparator.comparingInt(r -> order.indexOf(r.key())));
        notes.addAll(benchNotes(judged, family.size()));
        return rows;
    }

    private Comparison.BenchRow row(String key, Judged j, Double q, List<Comparison.Finding> findings) {
        JmhBenchmark x = j.x();
        JmhBenchmark y = j.y();
        boolean lower = x.lowerIsBetter();
        Comparison.Sample sx = sample(j.bf());
        Comparison.Sample sy = sample(j.cf());
        Double delta = finite(Stats.deltaPercent(sx.median(), sy.median()));
        double threshold = Math.max(minEffectPercent, j.noise() == null ? 0 : j.noise());
        HodgesLehmann.Interval r = j.ratio();
        Double ratio = r == null ? null : r.estimate();
        Double low = r == null || !r.bounded() ? null : r.low();
        Double high = r == null || !r.bounded() ? null : r.high();
        boolean sig = q != null && q < alpha;
        String verdict;
        if (j.excludedVerdict() != null) {
            verdict = j.excludedVerdict();
        } else if (!sig) {
            verdict = "~";
        } else {
            double effect = ratio == null ? Math.abs(delta == null ? 0 : delta) : 100 * Math.abs(ratio - 1);
            boolean worse = ratio == null ? (lower ? delta > 0 : delta < 0) : (lower ? ratio > 1 : ratio < 1);
            verdict = effect <= threshold ? "below threshold" : worse ? "regression" : "improvement";
        }
        Comparison.Sample ax = null;
        Comparison.Sample ay = null;
        Double allocDelta = null;
        Double allocP = null;
        boolean allocSig = false;
        double[] xa = x.allocForkMedians();
        double[] ya = y.allocForkMedians();
        if (xa.length > 0 && ya.length > 0) {
            ax = sample(xa);
            ay = sample(ya);
            allocDelta = finite(Stats.deltaPercent(ax.median(), ay.median()));
            allocP = MannWhitney.test(xa, ya).p();
            allocSig = allocP < alpha;
        }
        Comparison.BenchRow row = new Comparison.BenchRow(key, x.label(), x.benchmark(), x.params(), x.mode(), x.unit(),
                y.threads(), lower, sx, sy, delta, ratio, low, high, r == null ? null : r.confidence(),
                j.mw() == null ? null : j.mw().p(), q, j.mw() != null && j.mw().exact(), sig, j.noise(), threshold,
                verdict, j.excluded(), ax, ay, allocDelta, allocP, allocSig);
        if ("regression".equals(verdict)) {
            findings.add(new Comparison.Finding("regression", x.label(), String.format(Locale.ROOT,
                    "%s %s: %s → %s %s, ratio %s (p=%.3g, q=%.3g, forks %d+%d; threshold %.1f%%)", x.label(),
                    lower ? "slower" : "lower throughput", Format.num(sx.median()), Format.num(sy.median()), x.unit(),
                    Format.ratio(row), j.mw().p(), q, j.bf().length, j.cf().length, threshold)));
        }
        return row;
    }

    /** What the reader must know to read the bench table: unjudged rows, and the power the fork counts allow. */
    private List<String> benchNotes(Map<String, Judged> judged, int family) {
        List<String> out = new ArrayList<>();
        // one line per reason: a smoke archive's single fork must not print one note per benchmark
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        judged.values().stream().filter(j -> j.excluded() != null).forEach(j ->
                byReason.computeIfAbsent(j.excluded(), r -> new ArrayList<>()).add(j.x().label()));
        byReason.forEach((reason, labels) -> out.add("bench: " + (labels.size() == 1 ? labels.get(0)
                : labels.size() + " benchmarks") + " not judged: " + reason));
        int nb = judged.values().stream().mapToInt(j -> j.bf().length).min().orElse(0);
        int nc = judged.values().stream().mapToInt(j -> j.cf().length).min().orElse(0);
        if (family > 0 && nb > 0 && nc > 0) {
            double minP = MannWhitney.minimumP(nb, nc);
            if (minP >= alpha) {
                out.add(String.format(Locale.ROOT, "bench: with %d + %d forks the smallest possible p is %.3g, not"
                        + " below alpha %.3g: no difference can be significant; use at least 4 forks a side"
                        + " (or --baseline-window)", nb, nc, minP, alpha));
            } else if (minP >= alpha / family) {
                out.add(String.format(Locale.ROOT, "bench: with %d + %d forks the smallest possible p is %.3g; after"
                        + " Benjamini–Hochberg over %d benchmarks a change in one benchmark alone needs p < %.3g, so"
                        + " only a change shared by several benchmarks can be significant; --baseline-window pools"
                        + " more forks", nb, nc, minP, family, alpha / family));
            }
        }
        return out;
    }

    /**
     * Whether the forks took different levels with the same code: judged night by night against the candidate (a
     * window pools nights that differ in level by design, which the window's noise threshold accounts for; within
     * one night, forks of one build on both sides of a gap are modes).
     */
    private Optional<String> multiModal(List<JmhBenchmark> window, JmhBenchmark cand) {
        for (JmhBenchmark night : window) {
            List<List<Double>> iterations = new ArrayList<>(cand.rawByFork());
            iterations.addAll(night.rawByFork());
            Optional<String> modes = ForkModes.multiModal(night.forkMedians(), cand.forkMedians(),
                    ForkModes.withinSpread(iterations), Math.max(MODE_GAP, minEffectPercent / 100));
            if (modes.isPresent()) {
                return window.size() == 1 ? modes : Optional.of(modes.get().replace("the base's", "a baseline night's"));
            }
        }
        return Optional.empty();
    }

    /** Every fork median of the window's archives, pooled. */
    private static double[] pooled(List<JmhBenchmark> window) {
        return window.stream().flatMapToDouble(j -> Arrays.stream(j.forkMedians())).toArray();
    }

    /**
     * The noise between the nights of a window: the largest distance, in percent, of one archive's median fork
     * from the pooled median; null with fewer than two archives. A change no larger than what the baseline's
     * own nights already differed by does not count.
     */
    static Double windowNoise(List<JmhBenchmark> window) {
        if (window.size() < 2) {
            return null;
        }
        double pooled = Stats.median(pooled(window));
        if (!(pooled > 0)) {
            return null;
        }
        double worst = 0;
        for (JmhBenchmark j : window) {
            double m = Stats.median(j.forkMedians());
            if (Double.isFinite(m)) {
                worst = Math.max(worst, Math.abs(m / pooled - 1));
            }
        }
        return 100 * worst;
    }

    private static boolean positive(double[] v) {
        return Arrays.stream(v).allMatch(x -> x > 0 && Double.isFinite(x));
    }

    private static Double finite(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }

    private static Map<String, JmhBenchmark> byKey(List<JmhBenchmark> list) {
        Map<String, JmhBenchmark> m = new LinkedHashMap<>();
        for (JmhBenchmark j : list) {
            m.put(j.key(), j);
        }
        return m;
    }

    static Comparison.Sample sample(double[] a) {
        double spread = Stats.spreadPercent(a);
        return new Comparison.Sample(a.length, Stats.median(a), Double.isFinite(spread) ? spread : null);
    }

    private static List<Comparison.Geomean> geomeans(List<Comparison.BenchRow> rows) {
        Map<String, List<double[]>> byUnit = new TreeMap<>();
        for (Comparison.BenchRow r : rows) {
            if (r.base() != null && r.candidate() != null && r.base().median() > 0 && r.candidate().median() > 0) {
                byUnit.computeIfAbsent(r.unit(), u -> new ArrayList<>())
                        .add(new double[]{r.base().median(), r.candidate().median()});
            }
        }
        List<Comparison.Geomean> out = new ArrayList<>();
        byUnit.forEach((unit, pairs) -> {
            double gb = Stats.geomean(pairs.stream().mapToDouble(p -> p[0]).toArray());
            double gc = Stats.geomean(pairs.stream().mapToDouble(p -> p[1]).toArray());
            out.add(new Comparison.Geomean(unit, pairs.size(), gb, gc, Stats.deltaPercent(gb, gc)));
        });
        return out;
    }

    // ------------------------------------------------------------------ JCStress

    private List<Comparison.StressRow> stress(Archive base, Archive cand, List<Comparison.Finding> findings) {
        if (cand.stress().isEmpty()) {
            return List.of();
        }
        Set<String> defects = seededDefects(base, cand);
        Map<String, StressResults.Test> b = new LinkedHashMap<>();
        base.stress().ifPresent(s -> s.tests().forEach(t -> b.put(t.test() + "|" + t.manager(), t)));
        Map<String, StressResults.Test> c = new LinkedHashMap<>();
        cand.stress().get().tests().forEach(t -> c.put(t.test() + "|" + t.manager(), t));
        Set<String> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(c.keySet());
        List<Comparison.StressRow> rows = new ArrayList<>();
        for (String key : keys) {
            StressResults.Test x = b.get(key);
            StressResults.Test y = c.get(key);
            Map<String, Long> seenB = seen(x, false);
            Map<String, Long> seenC = seen(y, false);
            Map<String, Long> forbB = seen(x, true);
            Map<String, Long> forbC = seen(y, true);
            List<String> appeared = new ArrayList<>();
            List<String> disappeared = new ArrayList<>();
            if (x != null && y != null) {
                seenC.keySet().stream().filter(k -> !seenB.containsKey(k)).forEach(appeared::add);
                seenB.keySet().stream().filter(k -> !seenC.containsKey(k)).forEach(disappeared::add);
            }
            List<String> newForbidden = forbC.keySet().stream().filter(k -> !forbB.containsKey(k)).toList();
            StressResults.Test any = y != null ? y : x;
            String name = any.shortName();
            if (appeared.isEmpty() && disappeared.isEmpty() && forbC.isEmpty()
                    && x != null && y != null && Objects.equals(x.status(), y.status())) {
                rows.add(new Comparison.StressRow(name, any.manager(), label(x), label(y), List.of(), List.of(),
                        Map.of(), List.of()));
                continue;
            }
            rows.add(new Comparison.StressRow(name, any.manager(), x == null ? "absent" : label(x),
                    y == null ? "absent" : label(y), appeared, disappeared, forbC, newForbidden));
            // A seeded defect is meant to show forbidden outcomes, and which combination a night happens to
            // see varies; what matters for a defect is whether it is still caught (the sensitivity finding).
            for (String f : defects.contains(any.manager()) ? List.<String>of() : newForbidden) {
                findings.add(new Comparison.Finding("forbidden", name + " [" + any.manager() + "]",
                        "new FORBIDDEN outcome " + f + " seen " + forbC.get(f) + " times in " + name
                                + " over " + any.manager()));
            }
        }
        return rows;
    }

    /**
     * The seeded-defect managers of either archive, by the kind each provider recorded (the stress run's manager
     * summaries, the sensitivity matrix, explore's rows) — never by the name: a private defect plugin need not be
     * called {@code defect.*}, and a correct plugin may be. A manager whose kind was not recorded is judged as a
     * correct path, so its new forbidden outcome is a finding: the safe side.
     */
    private static Set<String> seededDefects(Archive base, Archive cand) {
        Set<String> defects = new HashSet<>();
        for (Archive a : List.of(base, cand)) {
            a.stress().ifPresent(st -> st.managers().stream().filter(m -> "defect".equals(m.kind()))
                    .forEach(m -> defects.add(m.manager())));
            a.sensitivity().ifPresent(m -> m.rows().stream().filter(r -> "defect".equals(r.kind()))
                    .forEach(r -> defects.add(r.manager())));
            a.explore().ifPresent(e -> e.results().stream().filter(r -> "defect".equals(r.kind()))
                    .forEach(r -> defects.add(r.manager())));
        }
        return defects;
    }

    /** A test's status as results.json spells it (null when the file had none). */
    private static String label(StressResults.Test t) {
        return t.status() == null ? null : t.status().label();
    }

    /** Outcome id → total count over configurations, of outcomes seen (count &gt; 0); forbidden ones only if asked. */
    private static Map<String, Long> seen(StressResults.Test t, boolean forbiddenOnly) {
        Map<String, Long> m = new TreeMap<>();
        if (t == null) {
            return m;
        }
        for (StressResults.Configuration cfg : t.configurations()) {
            for (StressResults.Outcome o : cfg.outcomes()) {
                if (o.count() > 0 && (!forbiddenOnly || o.forbidden())) {
                    m.merge(o.id(), o.count(), Long::sum);
                }
            }
        }
        return m;
    }

    /**
     * A sensitivity matrix (stress's, load's): each row whose verdict changed is a note; the candidate's matrix no
     * longer holding where the base's did (a correct path not clean, or a defect no longer caught) is a finding.
     */
    private static void matrix(String instrument, Optional<Sensitivity> base, Optional<Sensitivity> cand,
                               List<String> notes, List<Comparison.Finding> findings) {
        if (cand.isEmpty()) {
            return;
        }
        Sensitivity c = cand.get();
        Map<String, String> before = new LinkedHashMap<>();
        base.ifPresent(s -> s.rows().forEach(r -> before.put(r.manager(), r.verdict())));
        for (Sensitivity.Row r : c.rows()) {
            String was = before.get(r.manager());
            if (was != null && !was.equals(r.verdict())) {
                notes.add(instrument + ": " + r.manager() + ": " + was + " → " + r.verdict());
            }
        }
        boolean baseHeld = base.map(s -> !Boolean.FALSE.equals(s.holds())).orElse(true);
        if (Boolean.FALSE.equals(c.holds()) && baseHeld) {
            findings.add(new Comparison.Finding("sensitivity", instrument + " matrix",
                    "the candidate's " + instrument + " matrix no longer holds (a correct path not clean, or a defect"
                            + " not caught)"));
        }
    }

    // ------------------------------------------------------------------ explore

    /**
     * Explore's findings: a correct path that broke the contract in a scenario where the base did not (a new
     * violation: explore's verdicts are deterministic for a seed and budget, so a new one is a change of code,
     * not of luck), and a seeded defect the base caught that the candidate no longer does (explore lost its
     * sensitivity). Judged from the rows of {@code explore/results.json}, so a single-manager run compares too.
     */
    private void explore(Archive base, Archive cand, List<String> notes, List<Comparison.Finding> findings) {
        if (cand.explore().isEmpty()) {
            if (base.explore().isPresent()) {
                notes.add("explore: only the base has explore/results.json; nothing to compare");
            }
            return;
        }
        List<ExploreResults.Row> candRows = cand.explore().get().results();
        Map<String, ExploreResults.Row> before = new LinkedHashMap<>();
        base.explore().ifPresent(e -> e.results().forEach(r -> before.put(r.manager() + "|" + r.scenario(), r)));
        for (ExploreResults.Row r : candRows) {
            ExploreResults.Row was = before.get(r.manager() + "|" + r.scenario());
            boolean newViolation = ExploreResults.VIOLATION.equals(r.outcome())
                    && (was == null || !ExploreResults.VIOLATION.equals(was.outcome()));
            if ("correct".equals(r.kind()) && newViolation) {
                findings.add(new Comparison.Finding("explore", r.scenario() + " [" + r.manager() + "]",
                        "correct path " + r.manager() + " broke the contract in explore scenario " + r.scenario()
                                + (r.failure() == null ? "" : ": " + r.failure())
                                + (r.replay() == null ? "" : " (replay: crosstalk explore --replay " + r.replay() + ")")));
            }
        }
        if (base.explore().isEmpty()) {
            return;
        }
        Set<String> caughtBefore = caughtDefects(base.explore().get().results());
        Set<String> caughtNow = caughtDefects(candRows);
        Set<String> explored = new HashSet<>();
        candRows.forEach(r -> explored.add(r.manager()));
        for (String defect : caughtBefore) {
            if (explored.contains(defect) && !caughtNow.contains(defect)) {
                findings.add(new Comparison.Finding("explore", defect, "seeded defect " + defect
                        + " was caught by explore in the base and is no longer caught in the candidate"));
            }
        }
        cand.exploreMatrix().ifPresent(m -> {
            Map<String, String> was = new LinkedHashMap<>();
            base.exploreMatrix().ifPresent(b -> b.rows().forEach(r -> was.put(r.manager(), r.verdict())));
            for (Sensitivity.Row r : m.rows()) {
                String v = was.get(r.manager());
                if (v != null && !v.equals(r.verdict())) {
                    notes.add("explore matrix: " + r.manager() + ": " + v + " → " + r.verdict());
                }
            }
        });
    }

    /** The defects (not correct paths) with a violation in some scenario. */
    private static Set<String> caughtDefects(List<ExploreResults.Row> rows) {
        Set<String> out = new TreeSet<>();
        rows.stream().filter(r -> !"correct".equals(r.kind()) && ExploreResults.VIOLATION.equals(r.outcome()))
                .forEach(r -> out.add(r.manager()));
        return out;
    }

    // ------------------------------------------------------------------ load

    private List<Comparison.LoadRow> load(Archive base, Archive cand, List<String> notes,
                                          List<Comparison.Finding> findings) {
        List<Comparison.LoadRow> rows = new ArrayList<>();
        boolean hlog = base.latency().isPresent() && cand.latency().isPresent();
        if (base.loadSummary().isPresent() || cand.loadSummary().isPresent() || hlog) {
            for (String metric : LOAD_METRICS) {
                for (String stat : LOAD_STATS) {
                    Double x = latency(base, metric, stat, hlog);
                    Double y = latency(cand, metric, stat, hlog);
                    if (x == null && y == null) {
                        continue;
                    }
                    Double d = x == null || y == null ? null : finite(Stats.deltaPercent(x, y));
                    rows.add(new Comparison.LoadRow(metric, stat, "µs", true, x, y, d,
                            d != null && d > minEffectPercent, hlog ? "latency.hlog" : "summary.json"));
                }
            }
            LoadSummary b = base.loadSummary().orElse(null);
            LoadSummary c = cand.loadSummary().orElse(null);
            addThroughput(rows, "runs", b == null ? null : b.runsPerSecond(), c == null ? null : c.runsPerSecond());
            addThroughput(rows, "events", b == null ? null : b.eventsPerSecond(), c == null ? null : c.eventsPerSecond());
        }
        LoadSummary c = cand.loadSummary().orElse(null);
        if (c != null) {
            finding(findings, c, "leaks", "leak", "events of one user delivered to another");
            finding(findings, c, "losses", "loss", "events lost");
            finding(findings, c, "order_violations", "order", "events out of order");
            finding(findings, c, "duplicates", "duplicate", "events delivered twice");
        }
        if (!cand.leaks().isEmpty() && (c == null || c.finding("leaks") == 0)) {
            findings.add(new Comparison.Finding("leak", "load", cand.leaks().size()
                    + " attributed leak records in load/leaks.jsonl"));
        }
        if (!cand.perUser().isEmpty() && (c == null || c.finding("losses") == 0)) {
            long losses = cand.perUser().stream().mapToLong(r -> r.losses()).sum();
            if (losses > 0) {
                findings.add(new Comparison.Finding("loss", "load", losses + " losses in load/per-user.csv"));
            }
        }
        if (!hlog && (base.latency().isPresent() || cand.latency().isPresent())) {
            notes.add("load: only one archive has latency.hlog; percentiles come from summary.json");
        }
        return rows;
    }

    private void addThroughput(List<Comparison.LoadRow> rows, String what, Double b, Double c) {
        if (b == null && c == null) {
            return;
        }
        Double d = b == null || c == null ? null : finite(Stats.deltaPercent(b, c));
        rows.add(new Comparison.LoadRow("throughput", what + "/s", what + "/s", false, b, c, d,
                d != null && d < -minEffectPercent, "summary.json"));
    }

    private static void finding(List<Comparison.Finding> findings, LoadSummary s, String key, String kind, String what) {
        long n = s.finding(key);
        if (n > 0) {
            String users = "";
            findings.add(new Comparison.Finding(kind, "load " + s.scenario() + " [" + s.manager() + "]",
                    n + " " + what + " (" + key + ") in the candidate's load run" + users));
        }
    }

    private static Double latency(Archive a, String metric, String stat, boolean hlog) {
        if (hlog) {
            LatencyLog log = a.latency().get();
            double pct = switch (stat) {
                case "p50" -> 50;
                case "p99" -> 99;
                case "p99.9" -> 99.9;
                default -> 100;
            };
            double v = log.percentileMicros(metric, pct);
            return Double.isNaN(v) ? null : v;
        }
        LoadSummary s = a.loadSummary().orElse(null);
        if (s == null || s.latency().get(metric) == null || s.latency().get(metric).count() == 0) {
            return null;
        }
        LoadSummary.Latency l = s.latency().get(metric);
        return switch (stat) {
            case "p50" -> l.p50Us();
            case "p99" -> l.p99Us();
            case "p99.9" -> l.p999Us();
            default -> l.maxUs();
        };
    }
}
