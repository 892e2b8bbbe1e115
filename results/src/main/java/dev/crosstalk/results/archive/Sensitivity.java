package dev.crosstalk.results.archive;

import java.util.List;
import java.util.Map;

/** {@code stress/sensitivity.json}: which probe catches which manager. */
public record Sensitivity(int schema, String arch, String mode, List<String> probes, List<Row> rows, Boolean holds) {

    public Sensitivity {
        probes = probes == null ? List.of() : probes;
        rows = rows == null ? List.of() : rows;
    }

    /** cells: probe → {@code caught | clean | error}. */
    public record Row(String manager, String kind, String failureClass, Map<String, String> cells, String verdict) {
        public Row {
            cells = cells == null ? Map.of() : cells;
        }
    }
}
