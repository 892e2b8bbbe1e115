package dev.crosstalk.results.compare;

import java.util.ArrayList;
import java.util.List;

/** A plain table: aligned text (first column left, others left too) or a Markdown table. */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    public Table(String... header) {
        this.header = header;
    }

    public Table row(String... cells) {
        rows.add(cells);
        return this;
    }

    public String text() {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        for (String[] r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            l.append(cells[i]);
            if (i < cells.length - 1) {
                l.append(" ".repeat(w[i] - cells[i].length() + 2));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", esc(header))).append(" |\n|");
        for (int i = 0; i < header.length; i++) {
            sb.append(i == 0 ? "---|" : "---:|");
        }
        sb.append('\n');
        for (String[] r : rows) {
            sb.append("| ").append(String.join(" | ", esc(r))).append(" |\n");
        }
        return sb.toString();
    }

    private static String[] esc(String[] cells) {
        String[] out = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            out[i] = cells[i].replace("|", "\\|");
        }
        return out;
    }
}
