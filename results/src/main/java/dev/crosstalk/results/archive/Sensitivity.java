package dev.crosstalk.results.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code stress/sensitivity.json} (docs/formats.md): the matrix of an {@code --all} run, manager × probe,
 * each row judged by {@link Verdict}. {@code crosstalk stress --all} builds it ({@link #of}) and {@link #write}s
 * it; {@link Archive} reads it back. Immutable.
 *
 * @param holds every correct path clean and every defect caught or (jmm only) not observed, and no errors;
 *              as stored (null in a file that lacks it)
 */
public record Sensitivity(int schema, String arch, String mode, List<String> probes, List<Row> rows, Boolean holds) {

    public static final int SCHEMA = 1;
    public static final String FILE = "sensitivity.json";

    public Sensitivity {
        probes = probes == null ? List.of() : List.copyOf(probes);
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /**
     * One manager's row.
     *
     * @param cells         probe → {@link Verdict#CAUGHT caught} | {@link Verdict#CLEAN clean} | {@link Verdict#ERROR error}
     * @param notApplicable probes that do not apply to this manager (their cell is clean)
     */
    public record Row(String manager, String kind, String failureClass, Map<String, String> cells,
                      List<String> notApplicable, String verdict) {
        public Row {
            cells = cells == null ? Map.of() : cells;
            notApplicable = notApplicable == null ? List.of() : List.copyOf(notApplicable);
        }

        public boolean correct() {
            return "correct".equals(kind);
        }
    }

    /** A matrix of these rows, its {@code holds} judged by {@link Verdict#holds} (errors never hold). */
    public static Sensitivity of(String arch, String mode, List<String> probes, List<Row> rows) {
        boolean holds = rows.stream().allMatch(r -> Verdict.holds(r.kind(), r.verdict()))
                && rows.stream().noneMatch(r -> Verdict.isError(r.verdict()));
        return new Sensitivity(SCHEMA, arch, mode, probes, rows, holds);
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

    /** The file's text, as {@link #write} writes it. */
    public String toJson() {
        return Json.partText(this);
    }

    /** Writes the file atomically; returns {@code file}. */
    public Path write(Path file) throws IOException {
        return Json.writePart(file, this);
    }
}
