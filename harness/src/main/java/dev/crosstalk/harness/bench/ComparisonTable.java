package dev.crosstalk.harness.bench;

import dev.crosstalk.results.archive.BenchSummary.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The comparison {@code crosstalk bench} prints: one line per benchmark configuration (its
 * parameters other than {@code manager}, and its thread count), one column group per manager
 * with the score and its error, the ratio to direct instantiation ({@code ssot}) and the bytes
 * allocated per operation. The reference is {@code ssot} when it was measured, else the first
 * manager.
 */
public final class ComparisonTable {

    /** The manager every other is compared with: direct instantiation. */
    public static final String DIRECT = "ssot";

    private ComparisonTable() {
    }

    /** The table for {@code rows}, managers in the order they first appear (direct first). */
    public static String render(List<Row> rows) {
        Set<String> managers = new LinkedHashSet<>();
        if (rows.stream().anyMatch(r -> DIRECT.equals(r.manager()))) {
            managers.add(DIRECT);
        }
        rows.forEach(r -> managers.add(managerOf(r)));
        return render(rows, List.copyOf(managers));
    }

    /** The table for {@code rows} with one column group per manager in {@code managers}, in that order. */
    public static String render(List<Row> rows, List<String> managers) {
        if (rows.isEmpty()) {
            return "(no results)" + System.lineSeparator();
        }
        String reference = managers.contains(DIRECT) ? DIRECT : managers.get(0);

        Map<Key, Map<String, Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(Key.of(r), k -> new LinkedHashMap<>()).put(managerOf(r), r);
        }

        List<String[]> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("BENCHMARK", "PARAMS", "THR", "UNIT"));
        for (String m : managers) {
            header.add(m.equals(DIRECT) ? m + " (direct)" : m);
            header.add("±");
            if (!m.equals(reference)) {
                header.add("×" + reference);
            }
            header.add("B/op");
        }
        lines.add(header.toArray(new String[0]));
        for (Map.Entry<Key, Map<String, Row>> g : groups.entrySet()) {
            Key k = g.getKey();
            List<String> line = new ArrayList<>(List.of(k.name, k.params, String.valueOf(k.threads), k.unit));
            Row ref = g.getValue().get(reference);
            for (String m : managers) {
                Row r = g.getValue().get(m);
                line.add(r == null ? "-" : number(r.score()));
                line.add(r == null || r.error() == null ? "-" : number(r.error()));
                if (!m.equals(reference)) {
                    line.add(r == null || ref == null || ref.score() == 0 ? "-"
                            : String.format(Locale.ROOT, "%.2f", r.score() / ref.score()));
                }
                line.add(r == null || r.allocBytesPerOp() == null ? "-"
                        : String.format(Locale.ROOT, "%.0f", r.allocBytesPerOp()));
            }
            lines.add(line.toArray(new String[0]));
        }

        int columns = header.size();
        int[] width = new int[columns];
        for (String[] l : lines) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                boolean text = i < 2; // benchmark and params left-aligned, numbers right-aligned
                String cell = text ? pad(l[i], width[i], true) : pad(l[i], width[i], false);
                row.append(cell).append(i == columns - 1 ? "" : "  ");
            }
            sb.append(row.toString().stripTrailing()).append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "×%s = score / %s score (above 1: slower than %s for time units);"
                + " ± = 99.9%% half-interval (- when JMH had too few samples); B/op = gc.alloc.rate.norm%n",
                reference, reference, reference));
        return sb.toString();
    }

    private static String managerOf(Row r) {
        return r.manager() == null ? "-" : r.manager();
    }

    private static String number(double d) {
        double a = Math.abs(d);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.0f", d);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String pad(String s, int width, boolean left) {
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return left ? s + fill : fill + s;
    }

    /** A benchmark configuration without its manager. */
    private record Key(String name, String params, int threads, String unit) {
        static Key of(Row r) {
            String params = r.params().entrySet().stream()
                    .filter(e -> !e.getKey().equals("manager"))
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
            return new Key(r.shortName(), params.isEmpty() ? "-" : params, r.threads(),
                    Objects.requireNonNullElse(r.unit(), "?"));
        }
    }
}
