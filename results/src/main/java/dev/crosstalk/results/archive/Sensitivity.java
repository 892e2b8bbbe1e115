package dev.crosstalk.results.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stress/sensitivity.json} (docs/formats.md): the matrix of an {@code --all} run, manager × probe,
 * each row judged by {@link Verdict}. {@code crosstalk stress --all} builds it ({@link #of}) and {@link #write}s
 * it; {@link Archive} reads it back. Immutable.
 *
 * @param holds       every correct path clean and every defect caught or (jmm only) not observed, and no errors;
 *                    as stored (null in a file that lacks it)
 * @param widenMicros how long the probes spun inside a provider's interleaving point (0: unaided, the
 *                    only honest headline); null in a file written before it was recorded
 */
public record Sensitivity(int schema, String arch, String mode, List<String> probes, List<Row> rows, Boolean holds,
                          Long widenMicros) {

    public static final int SCHEMA = 1;
    public static final String FILE = "sensitivity.json";

    public Sensitivity {
        probes = probes == null ? List.of() : List.copyOf(probes);
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /** A matrix without the widening recorded (as files before it was). */
    public Sensitivity(int schema, String arch, String mode, List<String> probes, List<Row> rows, Boolean holds) {
        this(schema, arch, mode, probes, rows, holds, null);
    }

    /** Whether the samples had help: the probes spun inside the providers' race windows. */
    public boolean widened() {
        return widenMicros != null && widenMicros > 0;
    }

    /**
     * One manager's row.
     *
     * @param cells         probe → {@link Verdict#CAUGHT caught} | {@link Verdict#CLEAN clean} | {@link Verdict#ERROR error}
     * @param notApplicable probes that do not apply to this manager (their cell is clean)
     * @param samples       probe → how many samples showed a forbidden outcome, of how many: a catch in
     *                      1 of 32 is fragile, one in 30 of 32 is not; null in a file written before it was recorded
     */
    public record Row(String manager, String kind, String failureClass, Map<String, String> cells,
                      List<String> notApplicable, String verdict, Map<String, Samples> samples) {
        public Row {
            cells = cells == null ? Map.of() : cells;
            notApplicable = notApplicable == null ? List.of() : List.copyOf(notApplicable);
        }

        /** A row without sample counts (as files before they were recorded). */
        public Row(String manager, String kind, String failureClass, Map<String, String> cells,
                   List<String> notApplicable, String verdict) {
            this(manager, kind, failureClass, cells, notApplicable, verdict, null);
        }

        public boolean correct() {
            return "correct".equals(kind);
        }
    }

    /**
     * One cell's samples: how many showed a forbidden outcome, of how many the probe took.
     *
     * @param forbidden samples whose outcome was FORBIDDEN
     * @param total     every sample of every JVM configuration
     */
    public record Samples(long forbidden, long total) {

        /** {@code 3/32}. */
        @Override
        public String toString() {
            return forbidden + "/" + total;
        }
    }

    /** A matrix of these rows, its {@code holds} judged by {@link Verdict#holds} (errors never hold). */
    public static Sensitivity of(String arch, String mode, List<String> probes, List<Row> rows) {
        return of(arch, mode, probes, rows, null);
    }

    /** As {@link #of(String, String, List, List)}, recording the widening the samples ran with. */
    public static Sensitivity of(String arch, String mode, List<String> probes, List<Row> rows, Long widenMicros) {
        boolean holds = rows.stream().allMatch(r -> Verdict.holds(r.kind(), r.verdict()))
                && rows.stream().noneMatch(r -> Verdict.isError(r.verdict()));
        return new Sensitivity(SCHEMA, arch, mode, probes, rows, holds, widenMicros);
    }

    /** Whether a row's verdict is an error (the matrix cannot be trusted there). */
    public boolean hasErrors() {
        return rows.stream().anyMatch(r -> Verdict.isError(r.verdict()));
    }

    /** 0 the verdict holds, 1 a correct path failed or an observable defect went uncaught, 2 errors. */
    public int exitCode() {
        return hasErrors() ? 2 : Boolean.TRUE.equals(holds) ? 0 : 1;
    }

    public long defects() {
        return rows.stream().filter(r -> !r.correct()).count();
    }

    public long defectsCaught() {
        return rows.stream().filter(r -> !r.correct() && Verdict.CAUGHT.equals(r.verdict())).count();
    }

    /**
     * What caught each seeded defect: manager → the columns (probes, scenarios) whose cell is caught, for every defect
     * row whose verdict is {@link Verdict#CAUGHT}, in the matrix's column order.
     */
    public Map<String, List<String>> catches() {
        Map<String, List<String>> catches = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.correct() && Verdict.CAUGHT.equals(r.verdict())) {
                catches.put(r.manager(), probes.stream().filter(p -> Verdict.CAUGHT.equals(r.cells().get(p))).toList());
            }
        }
        return catches;
    }

    /** The file's text, as {@link #write} writes it. */
    public String toJson() {
        return Json.partText(this);
    }

    /** Writes the file atomically; returns {@code file}. */
    public Path write(Path file) throws IOException {
        return Json.writePart(file, this);
    }
}
