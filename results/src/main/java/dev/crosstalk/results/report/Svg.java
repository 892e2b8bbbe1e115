package dev.crosstalk.results.report;

import dev.crosstalk.results.compare.Format;
import dev.crosstalk.results.io.Xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Minimal inline-SVG chart building: axes, ticks, lines, bars. Nothing is fetched at view time. */
final class Svg {

    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf"};

    private final StringBuilder sb = new StringBuilder();
    final int width;
    final int height;

    Svg(int width, int height, String label) {
        this.width = width;
        this.height = height;
        sb.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" class=\"chart\">", width, height, width, height,
                Xml.attr(label)));
        sb.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>", width, height));
    }

    Svg raw(String s) {
        sb.append(s);
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double w, String dash) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>",
                x1, y1, x2, y2, stroke, w, dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
        return this;
    }

    Svg text(double x, double y, String text, String anchor, int size, String fill, String extra) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\"%s>%s</text>",
                x, y, anchor, size, fill, extra == null ? "" : " " + extra, Xml.attr(text)));
        return this;
    }

    Svg rect(double x, double y, double w, double h, String fill, String title) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">", x, y,
                Math.max(0, w), Math.max(0, h), fill));
        if (title != null) {
            sb.append("<title>").append(Xml.attr(title)).append("</title>");
        }
        sb.append("</rect>");
        return this;
    }

    Svg circle(double x, double y, double r, String fill, String title) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\">", x, y, r, fill));
        if (title != null) {
            sb.append("<title>").append(Xml.attr(title)).append("</title>");
        }
        sb.append("</circle>");
        return this;
    }

    Svg polyline(List<double[]> pts, String stroke, double w) {
        if (pts.isEmpty()) {
            return this;
        }
        StringBuilder p = new StringBuilder();
        for (double[] xy : pts) {
            p.append(String.format(Locale.ROOT, "%.1f,%.1f ", xy[0], xy[1]));
        }
        sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" points=\"%s\"/>",
                stroke, w, p.toString().trim()));
        return this;
    }

    String build() {
        return sb + "</svg>";
    }

    /** A tick label: no needless decimals. */
    static String tick(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        return Format.num(v);
    }

    /** About {@code n} round tick values covering [min, max]. */
    static List<Double> niceTicks(double min, double max, int n) {
        List<Double> out = new ArrayList<>();
        if (!(max > min)) {
            out.add(min);
            return out;
        }
        double raw = (max - min) / n;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag * (raw / mag < 1.5 ? 1 : raw / mag < 3 ? 2 : raw / mag < 7 ? 5 : 10);
        for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return out;
    }

    /** 1, 2, 5 × powers of ten within [min, max] (log axes). */
    static List<Double> logTicks(double min, double max) {
        List<Double> out = new ArrayList<>();
        for (double p = Math.pow(10, Math.floor(Math.log10(min))); p <= max * 1.0001; p *= 10) {
            for (double m : new double[]{1, 2, 5}) {
                double v = p * m;
                if (v >= min * 0.9999 && v <= max * 1.0001) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
