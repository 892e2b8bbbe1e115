package dev.crosstalk.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the failing interleaving out of Lincheck's report: the table after "The following interleaving leads to
 * the error", one column per thread, one row per step. Each non-empty cell becomes a line {@code [thread] step},
 * with Lincheck's thread names replaced by the scenario's actor names.
 */
final class LincheckTrace {

    private static final String START = "The following interleaving leads to the error:";

    private LincheckTrace() {
    }

    /** @param threadNames the name for Lincheck's "Thread k" at index k - 1 */
    static List<String> lines(String report, List<String> threadNames) {
        List<String> out = new ArrayList<>();
        if (report == null) {
            return out;
        }
        int start = report.indexOf(START);
        if (start < 0) {
            return out;
        }
        String[] rows = report.substring(start + START.length()).split("\n");
        List<Integer> bars = null;
        List<String> columns = new ArrayList<>();
        boolean actorsStarted = false;
        for (String row : rows) {
            if (row.isBlank()) {
                if (bars != null) {
                    break; // the short table ends; the detailed trace follows
                }
                continue;
            }
            if (!row.startsWith("|") || row.startsWith("| ---")) {
                continue;
            }
            if (bars == null) {
                bars = barPositions(row);
                for (int i = 0; i + 1 < bars.size(); i++) {
                    columns.add(rename(row.substring(bars.get(i) + 1, bars.get(i + 1)).strip(), threadNames));
                }
                continue;
            }
            for (int i = 0; i + 1 < bars.size() && bars.get(i + 1) <= row.length(); i++) {
                String cell = row.substring(bars.get(i) + 1, bars.get(i + 1)).strip();
                if (i > 0 && !cell.isEmpty()) {
                    actorsStarted = true;
                }
                // The main thread's steps before any actor ran are the explorer's own set-up: left out.
                if (!cell.isEmpty() && (i > 0 || actorsStarted)) {
                    out.add("[" + columns.get(i) + "] " + cell);
                }
            }
        }
        return out;
    }

    private static List<Integer> barPositions(String header) {
        List<Integer> bars = new ArrayList<>();
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) == '|') {
                bars.add(i);
            }
        }
        return bars;
    }

    private static String rename(String column, List<String> threadNames) {
        if (column.equals("Main Thread")) {
            return "main: set-up, final emits, check";
        }
        if (column.startsWith("Thread ")) {
            try {
                int k = Integer.parseInt(column.substring("Thread ".length()).strip());
                if (k >= 1 && k <= threadNames.size()) {
                    return threadNames.get(k - 1);
                }
            } catch (NumberFormatException ignored) {
                // not one of ours: keep Lincheck's name
            }
        }
        return column;
    }
}
