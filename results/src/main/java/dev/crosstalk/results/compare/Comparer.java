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
import dev.crosstalk.results.stats.MannWhitney;
import dev.crosstalk.results.stats.Stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** Compares two archives (benchstat-style for JMH; outcome sets for JCStress; percentiles for load). */
public final class Comparer {

    /** The latency metrics (hlog tags) and the statistics compared for each. */
    public static final List<String> LOAD_METRICS = List.of("connect", "first_event", "run");
    public static final List<String> LOAD_STATS = List.of("p50", "p99", "p99.9", "max");

    private final double alpha;
    private final double thresholdPercent;

    /**
     * @param alpha            significance level of the Mann-Whitney test (e.g. 0.05)
     * @param thresholdPercent a significant change must be larger than this to be a regression (e.g. 5)
     */
    public Comparer(double alpha, double thresholdPercent) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1, not " + alpha);
        }
        if (!(thresholdPercent >= 0)) {
            throw new IllegalArgumentException("threshold must be 0% or more, not " + thresholdPercent);
        }
        this.alpha = alpha;
        this.thresholdPercent = thresholdPercent;
    }

    public Comparison compare(Archive base, Archive candidate) {
        List<String> env = environment(base.manifest(), candidate.manifest());
        List<String> notes = new ArrayList<>();
        List<Comparison.Finding> findings = new ArrayList<>();
        for (Part p : Part.values()) {
            PartStatus b = base.status(p);
            PartStatus c = candidate.status(p);
            if (!base.manifest().lists(p) && !candidate.manifest().lists(p)) {
                continue;   // both written before this instrument existed (explore in older archives)
            }
            if (b != PartStatus.COMPLETE || c != PartStatus.COMPLETE) {
                notes.add(p.dir() + " part: base " + b.label() + ", candidate " + c.label());
            }
        }
        notes.addAll(configDifferences(base.manifest(), candidate.manifest()));
        if (candidate.manifest().git() != null && candidate.manifest().git().dirty()) {
            notes.add("the candidate was run from a checkout with uncommitted changes");
        }
        List<Comparison.BenchRow> bench = bench(base, candidate, notes, findings);
        List<Comparison.Geomean> geomeans = geomeans(bench);
        List<Comparison.StressRow> stress = stress(base, candidate, findings);
        sensitivity(base, candidate, notes, findings);
        explore(base, candidate, notes, findings);
        List<Comparison.LoadRow> load = load(base, candidate, notes, findings);
        return new Comparison(base.file().toString(), candidate.file().toString(), alpha, thresholdPercent,
                env, notes, bench, geomeans, stress, load, findings);
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

    private List<Comparison.BenchRow> bench(Archive base, Archive cand, List<String> notes,
                                            List<Comparison.Finding> findings) {
        Map<String, JmhBenchmark> b = byKey(base.jmh().orElse(List.of()));
        Map<String, JmhBenchmark> c = byKey(cand.jmh().orElse(List.of()));
        if (base.jmh().isEmpty() || cand.jmh().isEmpty()) {
            if (base.jmh().isPresent() || cand.jmh().isPresent()) {
                notes.add("bench: only the " + (base.jmh().isPresent() ? "base" : "candidate")
                        + " has bench/jmh.json; nothing to compare");
            }
            return List.of();
        }
        Set<String> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(c.keySet());
        List<Comparison.BenchRow> rows = new ArrayList<>();
        double worstMinP = 0;
        for (String key : keys) {
            JmhBenchmark x = b.get(key);
            JmhBenchmark y = c.get(key);
            JmhBenchmark any = x != null ? x : y;
            boolean lower = any.lowerIsBetter();
            if (x == null || y == null) {
                rows.add(new Comparison.BenchRow(key, any.label(), any.benchmark(), any.params(), any.mode(), any.unit(),
                        lower, x == null ? null : sample(x.raw()), y == null ? null : sample(y.raw()), null, null,
                        false, false, x == null ? "only in candidate" : "only in base", null, null, null, null, false));
                continue;
            }
            double[] xs = Stats.array(x.raw());
            double[] ys = Stats.array(y.raw());
            Comparison.Sample sx = sample(x.raw());
            Comparison.Sample sy = sample(y.raw());
            MannWhitney.Result mw = MannWhitney.test(xs, ys);
            worstMinP = Math.max(worstMinP, MannWhitney.minimumP(xs.length, ys.length));
            double delta = Stats.deltaPercent(sx.median(), sy.median());
            boolean sig = mw.p() < alpha;
            boolean worse = lower ? delta > 0 : delta < 0;
            String verdict;
            if (!sig) {
                verdict = "~";
            } else if (Math.abs(delta) <= thresholdPercent) {
                verdict = "within threshold";
            } else {
                verdict = worse ? "regression" : "improvement";
            }
            Comparison.Sample ax = x.allocRaw().isEmpty() ? null : sample(x.allocRaw());
            Comparison.Sample ay = y.allocRaw().isEmpty() ? null : sample(y.allocRaw());
            Double allocDelta = null;
            Double allocP = null;
            boolean allocSig = false;
            if (ax != null && ay != null) {
                allocDelta = Stats.deltaPercent(ax.median(), ay.median());
                allocP = MannWhitney.test(Stats.array(x.allocRaw()), Stats.array(y.allocRaw())).p();
                allocSig = allocP < alpha;
            }
            rows.add(new Comparison.BenchRow(key, x.label(), x.benchmark(), x.params(), x.mode(), x.unit(), lower,
                    sx, sy, finite(delta), mw.p(), mw.exact(), sig, verdict, ax, ay, finite(allocDelta), allocP, allocSig));
            if ("regression".equals(verdict)) {
                findings.add(new Comparison.Finding("regression", x.label(), String.format(Locale.ROOT,
                        "%s %s: %s → %s %s (%+.2f%%, p=%.3g, n=%d+%d)", x.label(), lower ? "slower" : "lower throughput",
                        Format.num(sx.median()), Format.num(sy.median()), x.unit(), delta, mw.p(), xs.length, ys.length)));
            }
        }
        if (worstMinP >= alpha) {
            notes.add(String.format(Locale.ROOT, "bench: with so few samples per benchmark the smallest"
                    + " possible p is %.3g, not below alpha %.3g: no difference can be significant;"
                    + " use a profile with at least 4 samples (forks × iterations) per side", worstMinP, alpha));
        }
        return rows;
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

    static Comparison.Sample sample(List<Double> values) {
        double[] a = Stats.array(values);
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
        Set<String> defects = seededDefects(cand);
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
     * The candidate's seeded-defect managers: the sensitivity matrix says which rows are not correct paths;
     * without one (a single-manager stress run), the built-in naming convention {@code defect.*}.
     */
    private static Set<String> seededDefects(Archive cand) {
        Set<String> defects = new HashSet<>();
        cand.sensitivity().ifPresent(m -> m.rows().stream().filter(r -> !"correct".equals(r.kind()))
                .forEach(r -> defects.add(r.manager())));
        cand.stress().ifPresent(st -> st.tests().stream().map(StressResults.Test::manager)
                .filter(m -> m.startsWith("defect.")).forEach(defects::add));
        return defects;
    }

    /** Outcome id → total count over configurations, of outcomes seen (count &gt; 0); forbidden ones only if asked. */
    /** A test's status as results.json spells it (null when the file had none). */
    private static String label(StressResults.Test t) {
        return t.status() == null ? null : t.status().label();
    }

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

    private void sensitivity(Archive base, Archive cand, List<String> notes, List<Comparison.Finding> findings) {
        if (cand.sensitivity().isEmpty()) {
            return;
        }
        Sensitivity c = cand.sensitivity().get();
        Map<String, String> before = new LinkedHashMap<>();
        base.sensitivity().ifPresent(s -> s.rows().forEach(r -> before.put(r.manager(), r.verdict())));
        for (Sensitivity.Row r : c.rows()) {
            String was = before.get(r.manager());
            if (was != null && !was.equals(r.verdict())) {
                notes.add("stress sensitivity: " + r.manager() + ": " + was + " → " + r.verdict());
            }
        }
        boolean baseHeld = base.sensitivity().map(s -> !Boolean.FALSE.equals(s.holds())).orElse(true);
        if (Boolean.FALSE.equals(c.holds()) && baseHeld) {
            findings.add(new Comparison.Finding("sensitivity", "stress sensitivity matrix",
                    "the candidate's sensitivity matrix no longer holds (a correct path not clean, or a defect not caught)"));
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
                            d != null && d > thresholdPercent, hlog ? "latency.hlog" : "summary.json"));
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
                d != null && d < -thresholdPercent, "summary.json"));
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
