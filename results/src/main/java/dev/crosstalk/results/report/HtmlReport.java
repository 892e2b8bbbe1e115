package dev.crosstalk.results.report;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ExploreResults;
import dev.crosstalk.results.archive.JmhBenchmark;
import dev.crosstalk.results.archive.LeakRecord;
import dev.crosstalk.results.archive.LoadSummary;
import dev.crosstalk.results.archive.Manifest;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.StressResults;
import dev.crosstalk.results.archive.Verdict;
import dev.crosstalk.results.compare.Comparer;
import dev.crosstalk.results.compare.Comparison;
import dev.crosstalk.results.compare.Format;
import dev.crosstalk.results.io.Xml;
import dev.crosstalk.results.trend.Trend;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;

/**
 * One self-contained HTML page (inline CSS and SVG, no script, nothing fetched) for one or more archives:
 * latency percentile curves, JMH bars with error bars, the stress sensitivity matrix and the explore matrix (with
 * each violation's trace and replay token), the top leaking user
 * pairs, a comparison of the first and last archive, and (with several archives) trend lines with change points.
 */
public final class HtmlReport {

    /** JMH bars and latency curves show at most this many (latest) archives; the trend section shows them all. */
    static final int MAX_BAR_ARCHIVES = 4;

    private HtmlReport() {
    }

    public static String render(List<Archive> given, Instant generated) {
        List<Archive> archives = new ArrayList<>(given);
        archives.sort(Comparator.comparing((Archive a) -> a.manifest().startedAt()).thenComparing(Archive::name));
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>crosstalk report</title>\n")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>crosstalk report</h1>\n<p class=\"sub\">").append(archives.size()).append(archives.size() == 1 ? " archive" : " archives")
                .append(", generated ").append(generated).append("</p>\n");
        archivesTable(h, archives);
        if (archives.size() >= 2) {
            comparison(h, archives.get(archives.size() - 2), archives.get(archives.size() - 1));
        }
        latency(h, archives);
        jmh(h, archives);
        sensitivity(h, archives);
        explore(h, archives);
        loadMatrix(h, archives);
        leaks(h, archives);
        if (archives.size() >= 2) {
            trends(h, new Trend().analyse(archives, null));
        }
        h.append("<footer>Written by <code>crosstalk report</code>. Statistics: the JVM fork as the sample (the median of each fork),"
                        + " Hodges–Lehmann ratios with their interval, Mann-Whitney U over forks with Benjamini–Hochberg, ")
                .append("e-divisive means with a permutation test for change points (see docs/results.md).</footer>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String color(int i) {
        return Svg.PALETTE[i % Svg.PALETTE.length];
    }

    // ------------------------------------------------------------------ archives

    private static void archivesTable(StringBuilder h, List<Archive> archives) {
        h.append("<h2>Archives</h2>\n<table><tr><th></th><th>archive</th><th>profile</th><th>started</th><th>status</th>")
                .append("<th>stress</th><th>explore</th><th>bench</th><th>load</th><th>commit</th><th>JVM</th><th>CPUs</th></tr>\n");
        for (int i = 0; i < archives.size(); i++) {
            Manifest m = archives.get(i).manifest();
            h.append("<tr><td><span class=\"swatch\" style=\"background:").append(color(i)).append("\"></span></td><td>")
                    .append(e(archives.get(i).name())).append("</td><td>").append(e(m.profile())).append("</td><td>")
                    .append(e(m.started())).append("</td><td class=\"").append("complete".equals(m.status()) ? "ok" : "bad").append("\">")
                    .append(e(m.status())).append("</td>");
            for (Part p : Part.values()) {
                if (!m.lists(p)) {
                    h.append("<td>-</td>");   // the archive predates this instrument
                    continue;
                }
                String s = m.partStatus(p).label();
                h.append("<td class=\"").append("complete".equals(s) ? "ok" : "bad").append("\">").append(s).append("</td>");
            }
            h.append("<td>").append(m.git() == null ? "-" : e(m.git().shortSha()) + (m.git().dirty() ? " (dirty)" : ""))
                    .append("</td><td>").append(m.jvm() == null ? "-" : e(m.jvm().vendor() + " " + m.jvm().version()))
                    .append("</td><td>").append(m.cpus()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void comparison(StringBuilder h, Archive base, Archive cand) {
        Comparison c = new Comparer(0.05, 5).compare(base, cand);
        h.append("<h2>Comparison of the last two archives</h2>\n<p>").append(e(base.name())).append(" → ")
                .append(e(cand.name())).append(": <b class=\"").append(c.findings().isEmpty() ? "ok\">no findings" : "bad\">"
                        + c.findings().size() + " finding(s)").append("</b>")
                .append(c.cannotJudge().isEmpty() ? "" : "; <b class=\"bad\">could not judge " + c.cannotJudge().size()
                        + "</b> (" + e(String.join("; ", c.cannotJudge())) + ")").append("</p>\n");
        if (!c.findings().isEmpty()) {
            h.append("<ul>");
            c.findings().forEach(f -> h.append("<li><b>").append(e(f.kind())).append("</b>: ").append(e(f.message())).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("<details><summary>the full comparison (as <code>crosstalk compare</code> prints it)</summary><pre>")
                .append(e(Format.text(c))).append("</pre></details>\n");
    }

    // ------------------------------------------------------------------ latency

    private static void latency(StringBuilder h, List<Archive> archives) {
        Set<String> tags = new LinkedHashSet<>(Comparer.LOAD_METRICS);
        archives.forEach(a -> a.latency().ifPresent(l -> tags.addAll(l.histograms().keySet())));
        boolean any = archives.stream().anyMatch(a -> a.latency().isPresent());
        h.append("<h2>Latency percentiles (load)</h2>\n");
        if (!any) {
            h.append("<p class=\"none\">No archive has load/latency.hlog.</p>\n");
            return;
        }
        List<Integer> withLog = new ArrayList<>();
        for (int i = 0; i < archives.size(); i++) {
            if (archives.get(i).latency().isPresent()) {
                withLog.add(i);
            }
        }
        List<Integer> shown = withLog.subList(Math.max(0, withLog.size() - MAX_BAR_ARCHIVES), withLog.size());
        h.append("<p>Each curve is one archive's histogram of the metric over the whole load run; x is the percentile on a ")
                .append("log scale (the tail gets the room), y the latency in µs (log scale).")
                .append(shown.size() < withLog.size() ? " The latest " + shown.size() + " archives; all of them in the trends." : "")
                .append("</p>\n<div class=\"grid\">\n");
        for (String tag : tags) {
            List<Histogram> hs = new ArrayList<>();
            List<Integer> idx = new ArrayList<>();
            for (int i : shown) {
                Histogram x = archives.get(i).latency().map(l -> l.histograms().get(tag)).orElse(null);
                if (x != null && x.getTotalCount() > 0) {
                    hs.add(x);
                    idx.add(i);
                }
            }
            if (hs.isEmpty()) {
                continue;
            }
            h.append("<figure><figcaption>").append(e(tag)).append("</figcaption>")
                    .append(percentileChart(tag, hs, idx, archives)).append("</figure>\n");
        }
        h.append("</div>\n");
    }

    private static String percentileChart(String tag, List<Histogram> hs, List<Integer> idx, List<Archive> archives) {
        int w = 640, left = 70, right = 20, top = 20, bottom = 56 + 16 * hs.size(), ht = 290 + bottom;
        long maxCount = hs.stream().mapToLong(Histogram::getTotalCount).max().orElse(1);
        double xMax = Math.min(5, Math.max(2, Math.ceil(Math.log10(maxCount))));     // up to 99.999%
        double yMin = Double.MAX_VALUE, yMax = 0;
        for (Histogram x : hs) {
            yMin = Math.min(yMin, Math.max(0.001, x.getMinNonZeroValue() / 1000.0));
            yMax = Math.max(yMax, x.getMaxValue() / 1000.0);
        }
        double ly0 = Math.log10(yMin) - 0.05, ly1 = Math.log10(Math.max(yMax, yMin * 10)) + 0.05;
        Svg s = new Svg(w, ht, "latency percentiles of " + tag);
        double pw = w - left - right, ph = ht - top - bottom;
        DoubleUnaryOperator X = v -> left + pw * v / xMax;
        DoubleUnaryOperator Y = v -> top + ph * (1 - (Math.log10(v) - ly0) / (ly1 - ly0));
        for (double t : Svg.logTicks(Math.pow(10, ly0), Math.pow(10, ly1))) {
            double y = Y.applyAsDouble(t);
            s.line(left, y, left + pw, y, "#e5e5e5", 1, null).text(left - 6, y + 4, Svg.tick(t), "end", 11, "#333", null);
        }
        String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
        for (int k = 0; k <= xMax; k++) {
            double x = X.applyAsDouble(k);
            s.line(x, top, x, top + ph, "#e5e5e5", 1, null).text(x, top + ph + 16, labels[k], "middle", 11, "#333", null);
        }
        s.line(left, top + ph, left + pw, top + ph, "#333", 1, null).line(left, top, left, top + ph, "#333", 1, null);
        s.text(left + pw / 2, top + ph + 34, "percentile", "middle", 12, "#333", null);
        s.text(16, top + ph / 2, "µs", "middle", 12, "#333", "transform=\"rotate(-90 16 " + (int) (top + ph / 2) + ")\"");
        List<String[]> legend = new ArrayList<>();
        for (int j = 0; j < hs.size(); j++) {
            Histogram x = hs.get(j);
            List<double[]> pts = new ArrayList<>();
            double limit = Math.min(xMax, Math.log10(Math.max(10, x.getTotalCount())));
            for (int k = 0; k <= 200; k++) {
                double xv = limit * k / 200.0;
                double pct = 100 * (1 - Math.pow(10, -xv));
                double v = Math.max(yMin, x.getValueAtPercentile(pct) / 1000.0);
                pts.add(new double[]{X.applyAsDouble(xv), Y.applyAsDouble(v)});
            }
            double vmax = Math.max(yMin, x.getMaxValue() / 1000.0);
            pts.add(new double[]{X.applyAsDouble(limit), Y.applyAsDouble(vmax)});
            String c = color(idx.get(j));
            s.polyline(pts, c, 2);
            s.circle(X.applyAsDouble(limit), Y.applyAsDouble(vmax), 3, c, archives.get(idx.get(j)).name() + " max "
                    + Format.num(vmax) + " µs");
            String label = String.format(Locale.ROOT, "%s p50 %s p99 %s µs", shortName(archives.get(idx.get(j))),
                    Format.num(x.getValueAtPercentile(50) / 1000.0), Format.num(x.getValueAtPercentile(99) / 1000.0));
            legend.add(new String[]{c, label});
        }
        for (int j = 0; j < legend.size(); j++) {
            double ly = top + ph + 46 + j * 16;
            s.rect(left + 10, ly, 10, 10, legend.get(j)[0], null)
                    .text(left + 26, ly + 9, legend.get(j)[1], "start", 11, "#333", null);
        }
        return s.build();
    }

    /** {@code yyyyMMdd-HHmmss sha} of an archive: short enough for a legend. */
    private static String legend(Archive a) {
        String n = a.name();
        String sha = a.manifest().git() == null ? "" : " " + a.manifest().git().shortSha();
        return (n.length() >= 15 ? n.substring(0, 15) : n) + sha;
    }

    private static String shortName(Archive a) {
        return a.name();
    }

    // ------------------------------------------------------------------ JMH

    private static void jmh(StringBuilder h, List<Archive> all) {
        List<Archive> archives = all.stream().filter(a -> a.jmh().isPresent()).toList();
        h.append("<h2>JMH: creation paths side by side</h2>\n");
        if (archives.isEmpty()) {
            h.append("<p class=\"none\">No archive has bench/jmh.json.</p>\n");
            return;
        }
        if (archives.size() > MAX_BAR_ARCHIVES) {
            archives = archives.subList(archives.size() - MAX_BAR_ARCHIVES, archives.size());
        }
        h.append("<p>Bars: JMH's score (mean) per manager; error bars: JMH's 99.9% confidence interval (scoreError). ")
                .append("B/op (·gc.alloc.rate.norm) under each group.")
                .append(archives.size() < all.size() ? " The latest " + archives.size() + " archives; all of them in the trends." : "")
                .append("</p>\n<div class=\"grid\">\n");
        // group: benchmark + params without manager
        Map<String, Map<String, JmhBenchmark[]>> groups = new LinkedHashMap<>();
        for (int i = 0; i < archives.size(); i++) {
            for (JmhBenchmark b : archives.get(i).jmh().get()) {
                Map<String, String> rest = new TreeMap<>(b.params());
                String manager = rest.remove("manager");
                String group = b.shortName() + (rest.isEmpty() ? "" : " " + rest) + (b.threads() > 1 ? " threads=" + b.threads() : "")
                        + " (" + b.unit() + ")";
                groups.computeIfAbsent(group, g -> new LinkedHashMap<>())
                        .computeIfAbsent(manager == null ? "-" : manager, m -> new JmhBenchmark[0]);
                JmhBenchmark[] arr = groups.get(group).get(manager == null ? "-" : manager);
                if (arr.length < archives.size()) {
                    arr = Arrays.copyOf(arr, archives.size());
                }
                arr[i] = b;
                groups.get(group).put(manager == null ? "-" : manager, arr);
            }
        }
        int offset = all.indexOf(archives.get(0));
        for (var g : groups.entrySet()) {
            h.append("<figure><figcaption>").append(e(g.getKey())).append("</figcaption>")
                    .append(barChart(g.getKey(), g.getValue(), archives, offset, all)).append("</figure>\n");
        }
        h.append("</div>\n");
    }

    private static String barChart(String title, Map<String, JmhBenchmark[]> byManager, List<Archive> archives, int offset,
                                   List<Archive> all) {
        int w = 640, ht = 320, left = 70, right = 20, top = 20, bottom = 60;
        double max = 0;
        for (JmhBenchmark[] arr : byManager.values()) {
            for (JmhBenchmark b : arr) {
                if (b != null) {
                    max = Math.max(max, b.score() + (Double.isFinite(b.scoreError()) ? b.scoreError() : 0));
                }
            }
        }
        List<Double> ticks = Svg.niceTicks(0, max * 1.05, 5);
        double yMax = Math.max(ticks.get(ticks.size() - 1), max * 1.05);
        Svg s = new Svg(w, ht, "JMH " + title);
        double pw = w - left - right, ph = ht - top - bottom;
        DoubleUnaryOperator Y = v -> top + ph * (1 - v / yMax);
        for (double t : ticks) {
            s.line(left, Y.applyAsDouble(t), left + pw, Y.applyAsDouble(t), "#e5e5e5", 1, null)
                    .text(left - 6, Y.applyAsDouble(t) + 4, Svg.tick(t), "end", 11, "#333", null);
        }
        int groups = byManager.size();
        double gw = pw / groups;
        double bw = Math.min(40, gw * 0.8 / archives.size());
        int gi = 0;
        for (var m : byManager.entrySet()) {
            double gx = left + gi * gw + (gw - bw * archives.size()) / 2;
            StringBuilder alloc = new StringBuilder();
            for (int i = 0; i < archives.size(); i++) {
                JmhBenchmark b = i < m.getValue().length ? m.getValue()[i] : null;
                if (b == null) {
                    continue;
                }
                double x = gx + i * bw;
                String c = color(offset + i);
                s.rect(x + 1, Y.applyAsDouble(b.score()), bw - 2, top + ph - Y.applyAsDouble(b.score()), c,
                        String.format(Locale.ROOT, "%s %s: %s ± %s %s", archives.get(i).name(), m.getKey(),
                                Format.num(b.score()), Format.num(b.scoreError()), b.unit()));
                if (Double.isFinite(b.scoreError()) && b.scoreError() > 0) {
                    double cx = x + bw / 2;
                    double y1 = Y.applyAsDouble(b.score() + b.scoreError());
                    double y0 = Y.applyAsDouble(Math.max(0, b.score() - b.scoreError()));
                    s.line(cx, y0, cx, y1, "#111", 1.5, null).line(cx - bw / 4, y1, cx + bw / 4, y1, "#111", 1.5, null)
                            .line(cx - bw / 4, y0, cx + bw / 4, y0, "#111", 1.5, null);
                }
                if (b.allocScore() != null && alloc.length() == 0) {
                    alloc.append(Format.num(b.allocScore())).append(" B/op");
                }
            }
            double cx = left + gi * gw + gw / 2;
            s.text(cx, top + ph + 16, m.getKey(), "middle", 12, "#111", "font-weight=\"bold\"");
            s.text(cx, top + ph + 31, alloc.toString(), "middle", 11, "#555", null);
            gi++;
        }
        s.line(left, top + ph, left + pw, top + ph, "#333", 1, null).line(left, top, left, top + ph, "#333", 1, null);
        for (int i = 0; i < archives.size(); i++) {
            s.rect(left + 10 + i * 140, ht - 16, 10, 10, color(offset + i), null)
                    .text(left + 24 + i * 140, ht - 7, legend(archives.get(i)), "start", 10, "#333", null);
        }
        return s.build();
    }

    // ------------------------------------------------------------------ stress

    private static void sensitivity(StringBuilder h, List<Archive> archives) {
        h.append("<h2>Stress: sensitivity matrix</h2>\n");
        Archive src = null;
        for (Archive a : archives) {
            if (a.sensitivity().isPresent() || a.stress().isPresent()) {
                src = a;
            }
        }
        if (src == null) {
            h.append("<p class=\"none\">No archive has a stress part.</p>\n");
            return;
        }
        h.append("<p>From ").append(e(src.name())).append(". Every correct path must be clean under every probe; every ")
                .append("defect must be caught by at least one.</p>\n");
        List<String> probes;
        List<String[]> rows = new ArrayList<>();      // manager, kind, verdict, cells...
        List<Map<String, String>> cells = new ArrayList<>();
        Boolean holds = null;
        if (src.sensitivity().isPresent()) {
            Sensitivity s = src.sensitivity().get();
            probes = s.probes();
            holds = s.holds();
            for (Sensitivity.Row r : s.rows()) {
                rows.add(new String[]{r.manager(), r.kind(), r.verdict()});
                cells.add(r.cells());
            }
        } else {
            StressResults sr = src.stress().get();
            probes = sr.tests().stream().map(t -> t.probe() == null ? t.shortName() : t.probe()).distinct().toList();
            Map<String, Map<String, String>> byManager = new LinkedHashMap<>();
            for (StressResults.Test t : sr.tests()) {
                String cell = t.status() == null ? "null" : switch (t.status()) {
                    case FAILED -> Verdict.CAUGHT;
                    case PASSED -> Verdict.CLEAN;
                    default -> t.status().label();
                };
                byManager.computeIfAbsent(t.manager(), m -> new LinkedHashMap<>())
                        .put(t.probe() == null ? t.shortName() : t.probe(), cell);
            }
            byManager.forEach((m, c) -> {
                rows.add(new String[]{m, m.startsWith("defect.") ? "defect" : "correct",
                        c.containsValue(Verdict.CAUGHT) ? Verdict.CAUGHT : Verdict.CLEAN});
                cells.add(c);
            });
        }
        matrixTable(h, probes, rows, cells, holds);
    }

    /**
     * A matrix manager × column (probe or scenario) with each row's verdict, coloured by {@link Verdict}'s rule; shared
     * by the stress and the explore matrix so that both read alike.
     *
     * @param rows  per row: manager, kind, verdict
     * @param cells per row: column → caught | clean | error | …
     * @param holds the matrix's stored verdict, or null when there is none (no --all run)
     */
    private static void matrixTable(StringBuilder h, List<String> probes, List<String[]> rows,
                                    List<Map<String, String>> cells, Boolean holds) {
        h.append("<table class=\"matrix\"><tr><th>manager</th><th>kind</th>");
        probes.forEach(p -> h.append("<th>").append(e(p)).append("</th>"));
        h.append("<th>verdict</th></tr>\n");
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            boolean correct = "correct".equals(r[1]);
            h.append("<tr><td>").append(e(r[0])).append("</td><td>").append(e(r[1])).append("</td>");
            for (String p : probes) {
                String c = cells.get(i).getOrDefault(p, "-");
                String cls = switch (c) {
                    case Verdict.CAUGHT -> correct ? "cell-bad" : "cell-caught";
                    case Verdict.CLEAN -> "cell-clean";
                    case Verdict.ERROR -> "cell-error";
                    default -> "";
                };
                h.append("<td class=\"").append(cls).append("\">").append(e(c)).append("</td>");
            }
            String v = r[2] == null ? "-" : r[2];
            // Verdict's rule, but a defect only "not observed" is a warning here, not a pass
            boolean good = Verdict.holds(r[1], v) && !Verdict.isNotObserved(v);
            h.append("<td class=\"").append(good ? "ok" : Verdict.isNotObserved(v) ? "warn" : "bad").append("\">")
                    .append(e(v)).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (holds != null) {
            h.append("<p>The matrix ").append(holds ? "<b class=\"ok\">holds</b>" : "<b class=\"bad\">does not hold</b>").append(".</p>\n");
        }
    }

    // ------------------------------------------------------------------ explore

    /**
     * The explore matrix (manager × scenario) next to the stress one, from the latest archive with an explore part,
     * and each violation's trace and replay token: what explore adds is the exact failing interleaving.
     */
    private static void explore(StringBuilder h, List<Archive> archives) {
        h.append("<h2>Explore: every interleaving of small scenarios</h2>\n");
        Archive src = null;
        for (Archive a : archives) {
            if (a.exploreMatrix().isPresent() || a.explore().isPresent()) {
                src = a;
            }
        }
        if (src == null) {
            h.append("<p class=\"none\">No archive has an explore part.</p>\n");
            return;
        }
        h.append("<p>From ").append(e(src.name())).append(". Each scenario is explored interleaving by interleaving under ")
                .append("sequential consistency: every correct path must be clean; every defect caught by at least one ")
                .append("scenario, or (a JMM defect) honestly not observable there.</p>\n");
        if (src.exploreMatrix().isPresent()) {
            sensitivityTable(h, src.exploreMatrix().get());
        } else {
            List<String[]> rows = new ArrayList<>();
            List<Map<String, String>> cells = new ArrayList<>();
            List<ExploreResults.Row> results = src.explore().get().results();
            List<String> scenarios = results.stream().map(ExploreResults.Row::scenario).distinct().toList();
            Map<String, Map<String, String>> byManager = new LinkedHashMap<>();
            Map<String, String> kinds = new LinkedHashMap<>();
            for (ExploreResults.Row r : results) {
                String cell = switch (r.outcome() == null ? "" : r.outcome()) {
                    case ExploreResults.VIOLATION -> Verdict.CAUGHT;
                    case ExploreResults.CLEAN, ExploreResults.NOT_APPLICABLE -> Verdict.CLEAN;
                    default -> Verdict.ERROR;
                };
                byManager.computeIfAbsent(r.manager(), m -> new LinkedHashMap<>()).put(r.scenario(), cell);
                kinds.put(r.manager(), r.kind());
            }
            byManager.forEach((m, c) -> {
                rows.add(new String[]{m, kinds.get(m), c.containsValue(Verdict.ERROR) ? Verdict.ERROR
                        : c.containsValue(Verdict.CAUGHT) ? Verdict.CAUGHT : Verdict.CLEAN});
                cells.add(c);
            });
            matrixTable(h, scenarios, rows, cells, null);
        }
        List<ExploreResults.Row> violations = src.explore().map(x -> x.results().stream()
                .filter(r -> ExploreResults.VIOLATION.equals(r.outcome())).toList()).orElse(List.of());
        for (ExploreResults.Row r : violations) {
            h.append("<details><summary class=\"").append("correct".equals(r.kind()) ? "bad" : "").append("\">")
                    .append(e(r.manager())).append(" × ").append(e(r.scenario())).append(": ")
                    .append(e(r.failure() == null ? "violation" : r.failure())).append("</summary><pre>")
                    .append(e(String.join("\n", r.trace()))).append("</pre><p>replay: <code>crosstalk explore --replay ")
                    .append(e(r.replay())).append("</code></p></details>\n");
        }
    }

    // ------------------------------------------------------------------ load matrix

    /**
     * The load sensitivity matrix (manager × scenario and ids), from the latest archive that has one: what the load
     * driver catches on a real server, unaided (no hook, no widening), read like the stress and explore matrices.
     */
    private static void loadMatrix(StringBuilder h, List<Archive> archives) {
        h.append("<h2>Load: sensitivity matrix</h2>\n");
        Archive src = null;
        for (Archive a : archives) {
            if (a.loadMatrix().isPresent()) {
                src = a;
            }
        }
        if (src == null) {
            h.append("<p class=\"none\">No archive has a load matrix (a profile that runs <code>load --all</code>).</p>\n");
            return;
        }
        Sensitivity s = src.loadMatrix().get();
        h.append("<p>From ").append(e(src.name())).append(". One small bounded load per provider and scenario on the embedded ")
                .append("server, unaided: no interleaving hook, no widening")
                .append(s.widened() ? " (<b class=\"bad\">this one was widened</b>)" : "")
                .append(". Every correct path must be clean in every column; every defect caught in at least one.</p>\n");
        sensitivityTable(h, s);
    }

    /** A matrix record (explore's or load's) drawn as the stress matrix is: manager × column, with its verdicts. */
    private static void sensitivityTable(StringBuilder h, Sensitivity s) {
        List<String[]> rows = new ArrayList<>();
        List<Map<String, String>> cells = new ArrayList<>();
        for (Sensitivity.Row r : s.rows()) {
            rows.add(new String[]{r.manager(), r.kind(), r.verdict()});
            cells.add(r.cells());
        }
        matrixTable(h, s.probes(), rows, cells, s.holds());
    }

    // ------------------------------------------------------------------ leaks

    private static void leaks(StringBuilder h, List<Archive> archives) {
        h.append("<h2>Load: top leaking user pairs</h2>\n");
        Archive src = null;
        for (Archive a : archives) {
            if (!a.leaks().isEmpty() || a.loadSummary().map(s -> !s.topLeakPairs().isEmpty()).orElse(false)) {
                src = a;
            }
        }
        if (src == null) {
            boolean anyLoad = archives.stream().anyMatch(a -> a.loadSummary().isPresent());
            h.append(anyLoad ? "<p class=\"ok\">No leak recorded in any archive.</p>\n"
                    : "<p class=\"none\">No archive has a load part.</p>\n");
            return;
        }
        List<LoadSummary.LeakPair> exact = src.loadSummary().map(LoadSummary::topLeakPairs).orElse(List.of());
        Map<String, Long> pairs;
        if (!exact.isEmpty()) {
            // exact per-pair counts from the driver
            pairs = new LinkedHashMap<>();
            for (var p : exact) {
                pairs.put(p.owningUser() + " → " + p.receivingUser(), p.leaks());
            }
        } else {
            // older archives: count leaks.jsonl, which keeps only the first records of each pair
            pairs = src.leaks().stream().collect(Collectors.groupingBy(
                    (LeakRecord l) -> l.owningUser() + " → " + l.receivingUser(), Collectors.counting()));
        }
        List<Map.Entry<String, Long>> top = pairs.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10).toList();
        long leaks = src.loadSummary().map(s -> s.finding("leaks")).orElse((long) src.leaks().size());
        h.append("<p>From ").append(e(src.name())).append(": ").append(leaks).append(" leaks; owning user → receiving user, ")
                .append(exact.isEmpty() ? "by records kept in leaks.jsonl (capped per pair: the bars show the cap, not the"
                        + " count)." : "exact leaks per pair.").append("</p>\n");
        int w = 640, rowH = 24, left = 190;
        Svg s = new Svg(w, 20 + rowH * top.size(), "top leaking user pairs");
        long max = top.get(0).getValue();
        for (int i = 0; i < top.size(); i++) {
            double y = 10 + i * rowH;
            double bw = (w - left - 60) * top.get(i).getValue() / (double) max;
            s.text(left - 8, y + 15, top.get(i).getKey(), "end", 12, "#111", null)
                    .rect(left, y + 3, bw, rowH - 6, "#d62728", top.get(i).getKey() + ": " + top.get(i).getValue())
                    .text(left + bw + 6, y + 16, String.valueOf(top.get(i).getValue()), "start", 12, "#111", null);
        }
        h.append("<figure>").append(s.build()).append("</figure>\n");
    }

    // ------------------------------------------------------------------ trends

    private static void trends(StringBuilder h, Trend.Result r) {
        h.append("<h2>Trends</h2>\n<p>One point per archive in start order; a red dashed line marks a change point (e-divisive ")
                .append("means, permutation test p &lt; 0.05) at the first archive of the new level. Metrics with a change point come first.</p>\n");
        List<Trend.Series> series = new ArrayList<>(r.series());
        series.removeIf(s -> s.points().stream().filter(p -> p.value() != null).count() < 2
                || s.metric().startsWith("load:leaks") || s.metric().startsWith("load:losses"));
        series.sort(Comparator.comparing((Trend.Series s) -> s.changes().isEmpty()));
        h.append("<div class=\"grid\">\n");
        for (Trend.Series s : series) {
            h.append("<figure><figcaption>").append(e(s.metric())).append(" (").append(e(s.unit())).append(")")
                    .append(s.changes().isEmpty() ? "" : " <b class=\"bad\">change point</b>").append("</figcaption>")
                    .append(trendChart(s)).append("</figure>\n");
        }
        h.append("</div>\n");
    }

    private static String trendChart(Trend.Series t) {
        int w = 640, ht = 240, left = 70, right = 20, top = 16, bottom = 46;
        List<Trend.Point> pts = t.points();
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (Trend.Point p : pts) {
            if (p.value() != null) {
                min = Math.min(min, p.value());
                max = Math.max(max, p.value());
            }
        }
        double pad = (max - min) * 0.1 + Math.abs(max) * 0.01 + 1e-9;
        List<Double> ticks = Svg.niceTicks(min - pad, max + pad, 4);
        double y0 = Math.min(min - pad, ticks.get(0)), y1 = Math.max(max + pad, ticks.get(ticks.size() - 1));
        Svg s = new Svg(w, ht, "trend of " + t.metric());
        double pw = w - left - right, ph = ht - top - bottom;
        int n = pts.size();
        IntToDoubleFunction X = i -> left + (n == 1 ? pw / 2 : pw * i / (double) (n - 1));
        DoubleUnaryOperator Y = v -> top + ph * (1 - (v - y0) / (y1 - y0));
        for (double v : ticks) {
            if (v >= y0 && v <= y1) {
                s.line(left, Y.applyAsDouble(v), left + pw, Y.applyAsDouble(v), "#e5e5e5", 1, null)
                        .text(left - 6, Y.applyAsDouble(v) + 4, Svg.tick(v), "end", 11, "#333", null);
            }
        }
        s.line(left, top + ph, left + pw, top + ph, "#333", 1, null).line(left, top, left, top + ph, "#333", 1, null);
        for (Trend.Change c : t.changes()) {
            double x = X.applyAsDouble(c.index()) - (n > 1 ? pw / (n - 1) / 2 : 0);
            s.line(x, top, x, top + ph, "#d62728", 2, "6 4")
                    .text(x + 4, top + 12, String.format(Locale.ROOT, "%+.1f%% (p=%.3f)", c.deltaPercent(), c.p()), "start", 11,
                            "#d62728", "font-weight=\"bold\"");
            // mean levels of the regimes either side
        }
        List<double[]> line = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (pts.get(i).value() != null) {
                line.add(new double[]{X.applyAsDouble(i), Y.applyAsDouble(pts.get(i).value())});
            }
        }
        s.polyline(line, "#1f77b4", 2);
        int labelEvery = Math.max(1, (int) Math.ceil(n / 8.0));
        for (int i = 0; i < n; i++) {
            Trend.Point p = pts.get(i);
            if (p.value() != null) {
                s.circle(X.applyAsDouble(i), Y.applyAsDouble(p.value()), p.changePoint() ? 5 : 3.5,
                        p.changePoint() ? "#d62728" : "#1f77b4", p.archive() + ": " + Format.num(p.value()) + " " + t.unit());
            }
            if (i % labelEvery == 0 || i == n - 1) {
                String label = p.started() == null ? p.archive() : p.started().substring(0, Math.min(10, p.started().length()));
                s.text(X.applyAsDouble(i), top + ph + 16, label, i == n - 1 && n > 1 ? "end" : i == 0 ? "start" : "middle",
                        10, "#333", null);
            }
        }
        s.text(left + pw / 2, ht - 6, "archive (by start time)", "middle", 11, "#333", null);
        return s.build();
    }

    /** Escapes for HTML text and attribute values alike (one helper for both: the attribute rule is the stricter). */
    private static String e(String s) {
        return Xml.attr(s);
    }

    private static final String CSS = """
            body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#111;max-width:1360px}
            h1{margin:0 0 4px}h2{margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
            .sub{color:#666;margin-top:0}table{border-collapse:collapse;font-size:13px}
            th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#f4f4f4}
            .ok{color:#1a7f37}.bad{color:#cf222e}.warn{color:#9a6700}.none{color:#666;font-style:italic}
            .matrix td{text-align:center}.matrix td:first-child{text-align:left;font-family:monospace}.cell-clean{background:#dafbe1}.cell-caught{background:#ffd8b5}
            .cell-bad{background:#ff8182;font-weight:bold}.cell-error{background:#ddd}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(660px,1fr));gap:12px}
            figure{margin:0;border:1px solid #eee;padding:8px;background:#fff}
            figcaption{font-weight:600;font-size:13px;margin-bottom:4px}
            .swatch{display:inline-block;width:12px;height:12px;border-radius:2px}
            pre{font-size:12px;background:#f8f8f8;padding:8px;overflow:auto}
            footer{margin-top:32px;color:#666;font-size:12px}
            """;
}
