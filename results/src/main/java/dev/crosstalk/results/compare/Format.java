package dev.crosstalk.results.compare;

import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.io.JUnitXml;
import dev.crosstalk.results.io.JUnitXml.Case;
import dev.crosstalk.results.io.JUnitXml.Suite;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders a {@link Comparison} as text, Markdown, JSON or JUnit XML. */
public final class Format {

    private Format() {
    }

    /** Four significant digits, no exponent for ordinary magnitudes. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e9 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String num(Double v) {
        return v == null ? "-" : num(v.doubleValue());
    }

    static String pct(Double d) {
        return d == null ? "?" : String.format(Locale.ROOT, "%+.2f%%", d);
    }

    static String sample(Comparison.Sample s) {
        if (s == null) {
            return "-";
        }
        return num(s.median()) + (s.spreadPercent() == null ? "" : String.format(Locale.ROOT, " ±%.0f%%", s.spreadPercent()));
    }

    static String pValue(double p) {
        return p < 0.001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }

    /** The ratio candidate/base with its interval: {@code 1.25 [1.18, 1.33]}, or {@code 1.25 [unbounded]}. */
    static String ratio(Comparison.BenchRow r) {
        if (r.ratio() == null) {
            return "-";
        }
        String ci = r.ratioLow() == null ? "[unbounded]" : "[" + String.format(Locale.ROOT, "%.3f", r.ratioLow())
                + ", " + String.format(Locale.ROOT, "%.3f", r.ratioHigh()) + "]";
        return String.format(Locale.ROOT, "×%.3f ", r.ratio()) + ci;
    }

    /**
     * The change column: the ratio, its interval and its test, then the verdict; {@code ~} when not significant
     * after the false-discovery step.
     */
    static String delta(Comparison.BenchRow r) {
        if (r.base() == null || r.candidate() == null) {
            return r.verdict();
        }
        if (r.p() == null) {
            return r.verdict() + " (forks " + r.base().n() + "+" + r.candidate().n() + ")";
        }
        String test = "(p=" + pValue(r.p()) + (r.q() == null ? "" : " q=" + pValue(r.q())) + " forks "
                + r.base().n() + "+" + r.candidate().n()
                + (r.windowNoisePercent() == null ? "" : String.format(Locale.ROOT, ", window noise ±%.1f%%",
                r.windowNoisePercent())) + ")";
        String mark = switch (r.verdict()) {
            case "regression" -> "  REGRESSION";
            case "improvement" -> "  improvement";
            case "below threshold" -> String.format(Locale.ROOT, "  below threshold %.1f%%", r.thresholdPercent());
            case "multi-modal" -> "  MULTI-MODAL, not judged";
            case "oversubscribed" -> "  OVERSUBSCRIBED, not gated";
            default -> "";
        };
        return (r.significant() ? "" : "~ ") + ratio(r) + " " + test + mark;
    }

    static String allocDelta(Comparison.BenchRow r) {
        if (r.baseAlloc() == null || r.candidateAlloc() == null) {
            return "-";
        }
        if (r.allocDeltaPercent() != null && r.allocDeltaPercent() == 0) {
            return "0.00%";
        }
        return r.allocSignificant() ? pct(r.allocDeltaPercent()) + " (p=" + pValue(r.allocP()) + ")"
                : "~ (p=" + pValue(r.allocP()) + ")";
    }

    // ------------------------------------------------------------------ text / markdown

    public static String text(Comparison c) {
        return render(c, false);
    }

    public static String markdown(Comparison c) {
        return render(c, true);
    }

    private static String render(Comparison c, boolean md) {
        StringBuilder sb = new StringBuilder();
        String h = md ? "## " : "";
        if (!c.environment().isEmpty()) {
            sb.append(md ? "> **Warning: the environments differ** — deltas may reflect the machine, not the code:\n"
                    : "WARNING: the environments differ; deltas may reflect the machine, not the code:\n");
            for (String e : c.environment()) {
                sb.append(md ? ">\n> - " : "  ").append(e).append('\n');
            }
            sb.append('\n');
        }
        sb.append(md ? "# crosstalk compare\n\n" : "").append(md ? "- base: `" : "base:      ").append(c.base())
                .append(md ? "`\n- candidate: `" : "\ncandidate: ").append(c.candidate()).append(md ? "`\n" : "\n");
        if (c.baseWindow().size() > 1) {
            sb.append(md ? "- " : "").append("baseline window: ").append(String.join(", ", c.baseWindow())).append('\n');
        }
        sb.append(md ? "- " : "").append("alpha ").append(plain(c.alpha()))
                .append(" (Benjamini–Hochberg false-discovery rate across benchmarks; ratio intervals at ")
                .append(plain(100 * (1 - c.alpha()))).append("%), minimum effect ")
                .append(plain(c.minEffectPercent())).append("%\n\n");
        for (String n : c.notes()) {
            sb.append(md ? "- note: " : "note: ").append(n).append('\n');
        }
        if (!c.notes().isEmpty()) {
            sb.append('\n');
        }
        if (!c.bench().isEmpty()) {
            sb.append(h).append("bench (JMH: median of each fork, ± over forks; ratio candidate/base by Hodges–Lehmann"
                    + " with its interval; Mann-Whitney U over forks, q after Benjamini–Hochberg)\n").append(md ? "\n" : "");
            Map<String, List<Comparison.BenchRow>> byUnit = new TreeMap<>();
            c.bench().forEach(r -> byUnit.computeIfAbsent(r.unit(), u -> new ArrayList<>()).add(r));
            for (var e : byUnit.entrySet()) {
                Table t = new Table("benchmark", "base (" + e.getKey() + ")", "candidate (" + e.getKey() + ")",
                        "ratio [interval] (test)");
                for (Comparison.BenchRow r : e.getValue()) {
                    String d = delta(r);
                    t.row(r.label(), sample(r.base()), sample(r.candidate()), md ? d.replace("REGRESSION", "**REGRESSION**") : d);
                }
                for (Comparison.Geomean g : c.geomeans()) {
                    if (g.unit().equals(e.getKey())) {
                        t.row("geomean", num(g.base()), num(g.candidate()), pct(g.deltaPercent()));
                    }
                }
                sb.append(md ? t.markdown() : t.text()).append('\n');
            }
            if (c.bench().stream().anyMatch(r -> r.baseAlloc() != null || r.candidateAlloc() != null)) {
                Table t = new Table("benchmark", "base (B/op)", "candidate (B/op)", "delta");
                for (Comparison.BenchRow r : c.bench()) {
                    if (r.baseAlloc() != null || r.candidateAlloc() != null) {
                        t.row(r.label(), sample(r.baseAlloc()), sample(r.candidateAlloc()), allocDelta(r));
                    }
                }
                sb.append(md ? t.markdown() : t.text()).append('\n');
            }
        }
        if (!c.stress().isEmpty()) {
            sb.append(h).append("stress (JCStress outcomes)\n").append(md ? "\n" : "");
            Table t = new Table("test", "manager", "status", "outcomes appeared", "disappeared", "forbidden in candidate");
            for (Comparison.StressRow r : c.stress()) {
                String status = r.baseStatus().equals(r.candidateStatus()) ? r.candidateStatus()
                        : r.baseStatus() + " → " + r.candidateStatus();
                List<String> forb = new ArrayList<>();
                r.forbiddenInCandidate().forEach((k, v) -> forb.add(k + "×" + v + (r.newForbidden().contains(k) ? " NEW" : "")));
                t.row(r.test(), r.manager(), status, join(r.appeared()), join(r.disappeared()), join(forb));
            }
            sb.append(md ? t.markdown() : t.text()).append('\n');
        }
        if (!c.load().isEmpty()) {
            sb.append(h).append("load (").append(c.load().get(0).source()).append(")\n").append(md ? "\n" : "");
            Table t = new Table("metric", "stat", "base", "candidate", "delta");
            for (Comparison.LoadRow r : c.load()) {
                t.row(r.metric(), r.stat() + ("µs".equals(r.unit()) ? " (µs)" : ""), num(r.base()), num(r.candidate()),
                        pct(r.deltaPercent()) + (r.beyondThreshold() ? (r.lowerIsBetter() ? "  slower" : "  lower") : ""));
            }
            sb.append(md ? t.markdown() : t.text()).append('\n');
        }
        if (!c.cannotJudge().isEmpty()) {
            sb.append(h).append("could not judge: ").append(c.cannotJudge().size()).append(" (not a pass)\n")
                    .append(md ? "\n" : "");
            for (String w : c.cannotJudge()) {
                sb.append(md ? "- " : "  - ").append(w).append('\n');
            }
            sb.append('\n');
        }
        if (c.findings().isEmpty()) {
            sb.append(c.cannotJudge().isEmpty() ? (md ? "**No findings** (exit 0)\n" : "no findings (exit 0)\n")
                    : (md ? "**No findings, but the comparison is incomplete** (exit 2)\n"
                    : "no findings, but the comparison is incomplete (exit 2)\n"));
        } else {
            sb.append(h).append("findings: ").append(c.findings().size()).append(" (exit 1)\n").append(md ? "\n" : "");
            for (Comparison.Finding f : c.findings()) {
                sb.append(md ? "- **" : "  - ").append(f.kind()).append(md ? "**: " : ": ").append(f.message()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String join(List<String> l) {
        return l.isEmpty() ? "-" : String.join(", ", l);
    }

    // ------------------------------------------------------------------ json / junit

    public static String json(Comparison c) {
        try {
            var node = Json.mapper().valueToTree(c);
            ((ObjectNode) node).put("exit_code", c.exitCode());
            return Json.mapper().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One test case per benchmark, stress test and load finding; failures for findings (through {@link JUnitXml}). */
    public static String junit(Comparison c) {
        List<Case> cases = new ArrayList<>();
        for (Comparison.BenchRow r : c.bench()) {
            String fail = "regression".equals(r.verdict()) ? "regression: " + r.label() + " " + delta(r)
                    + " (" + sample(r.base()) + " → " + sample(r.candidate()) + " " + r.unit() + ")" : null;
            cases.add(testCase("crosstalk.compare.bench", r.label(), fail)
                    .withSystemOut(delta(r) + (r.reason() == null ? "" : "\nnot judged: " + r.reason())));
        }
        for (Comparison.StressRow r : c.stress()) {
            String fail = r.newForbidden().isEmpty() ? null
                    : "new FORBIDDEN outcome(s) " + String.join(", ", r.newForbidden());
            cases.add(testCase("crosstalk.compare.stress", r.test() + " [" + r.manager() + "]", fail)
                    .withSystemOut(r.candidateStatus()));
        }
        for (Comparison.Finding f : c.findings()) {
            if (!f.kind().equals("regression") && !f.kind().equals("forbidden")) {
                cases.add(testCase("crosstalk.compare." + f.kind(), f.subject(), f.message()));
            }
        }
        for (String w : c.cannotJudge()) {
            cases.add(new Case("crosstalk.compare.incomplete", w, JUnitXml.Kind.ERROR, null,
                    "the comparison cannot judge this: not a pass", null, null));
        }
        if (c.findings().isEmpty() || c.load().size() > 0) {
            cases.add(testCase("crosstalk.compare.load", "no leak or loss in the candidate",
                    c.findings().stream().anyMatch(f -> List.of("leak", "loss", "order", "duplicate").contains(f.kind()))
                            ? "see the leak/loss test cases" : null));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("base", c.base());
        properties.put("candidate", c.candidate());
        List<Map.Entry<String, String>> differences = c.environment().stream()
                .map(e -> Map.entry("environment-difference", e)).toList();
        return JUnitXml.suite(new Suite("crosstalk.compare", properties, differences, cases, null, null));
    }

    /** A passed case, or a failure whose message is also its body. */
    private static Case testCase(String classname, String name, String failure) {
        return failure == null ? Case.passed(classname, name)
                : Case.failure(classname, name, failure).withDetails(failure);
    }
}
