package dev.crosstalk.results.trend;

import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.compare.Format;
import dev.crosstalk.results.compare.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Renders a {@link Trend.Result} as text tables (one per metric) or JSON. */
public final class TrendFormat {

    private TrendFormat() {
    }

    public static String text(Trend.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.archives().size()).append(" archives, ").append(r.series().size()).append(" metrics; ")
                .append("change points by e-divisive means with a seeded permutation test\n\n");
        // counted per series: with two profiles, four archives may be two histories of two points each
        long shortSeries = r.series().stream()
                .filter(x -> x.points().stream().filter(p -> p.value() != null).count() < 4).count();
        if (shortSeries > 0) {
            sb.append("note: ").append(shortSeries).append(" of ").append(r.series().size())
                    .append(" series have fewer than 4 points; a change point needs at least 2 archives on each side\n");
        }
        if (r.withChanges().isEmpty()) {
            sb.append("change points: none\n\n");
        } else {
            sb.append("change points:\n");
            for (Trend.Series s : r.withChanges()) {
                for (Trend.Change c : s.changes()) {
                    sb.append("  ").append(s.metric()).append(" @ ").append(c.archive()).append(": ")
                            .append(change(c, s.unit())).append('\n');
                }
            }
            sb.append('\n');
        }
        for (Trend.Series s : r.series()) {
            sb.append(s.metric()).append(" (").append(s.unit()).append(", ")
                    .append(s.lowerIsBetter() ? "lower is better" : "higher is better").append(")\n");
            Table t = new Table("  archive", "started", "value", "change");
            for (Trend.Point p : s.points()) {
                String mark = "";
                if (p.changePoint()) {
                    Trend.Change c = s.changes().stream().filter(x -> x.archive().equals(p.archive())).findFirst().orElseThrow();
                    mark = "<< change point: " + change(c, s.unit());
                }
                t.row("  " + p.archive(), p.started() == null ? "-" : p.started(),
                        p.value() == null ? "-" : Format.num(p.value()), mark);
            }
            sb.append(t.text()).append('\n');
        }
        return sb.toString();
    }

    static String change(Trend.Change c, String unit) {
        return String.format(Locale.ROOT, "%s → %s %s (%+.1f%%, p=%.3f)%s", Format.num(c.before()),
                Format.num(c.after()), unit, c.deltaPercent(), c.p(), c.worse() ? " worse" : " better");
    }

    public static String json(Trend.Result r) {
        try {
            return Json.mapper().writeValueAsString(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
