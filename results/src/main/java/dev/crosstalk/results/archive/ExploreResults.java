package dev.crosstalk.results.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code explore/results.json} (docs/formats.md): what the controlled-concurrency instrument found, per
 * manager × scenario: how many interleavings it explored, the outcome, and — for a violation — the
 * failing interleaving as a trace (which thread did what, in order) and the token that replays it.
 * The explore child JVM builds and {@link #write}s it; {@link Archive} reads it back. Immutable.
 *
 * <p>Scenarios state the isolation contract of a per-user manager, not a seeded bug: every event a run
 * emits reaches exactly the connections of its own user (and thread), in order, exactly once, or is
 * refused loudly; no event of one user is observable by another. The hook of the seeded defects is
 * always disabled here: a catch counts only when it is unaided.
 *
 * @param engine        the exploring engine and its version, e.g. {@code lincheck 3.7}
 * @param seed          the seed the run started from (each row's {@code replay} token is exact)
 * @param budget        interleavings per scenario asked for, or null when bounded by time
 * @param timeSeconds   time per scenario asked for, or null when bounded by interleavings
 */
public record ExploreResults(int schema, String instrument, String engine, long seed, Integer budget,
                             Double timeSeconds, String started, String ended, List<Row> results) {

    public static final int SCHEMA = 1;
    public static final String INSTRUMENT = "explore";
    public static final String FILE = "results.json";

    /** A row's outcome: the contract held in every interleaving explored. */
    public static final String CLEAN = "clean";
    /** A row's outcome: some interleaving broke the contract; {@code trace} and {@code replay} say how. */
    public static final String VIOLATION = "violation";
    /** A row's outcome: the scenario could not be explored (the engine or the provider failed). */
    public static final String ERROR = "error";
    /** A row's outcome: the scenario needs something the provider does not offer (e.g. eviction). */
    public static final String NOT_APPLICABLE = "not-applicable";

    public ExploreResults {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /**
     * One manager × scenario.
     *
     * @param kind          {@code correct} or {@code defect}
     * @param failureClass  the defect's failure class, null for a correct path
     * @param outcome       {@link #CLEAN}, {@link #VIOLATION}, {@link #ERROR} or {@link #NOT_APPLICABLE}
     * @param interleavings interleavings explored (up to and including the failing one)
     * @param failure       what broke, in words (null when clean)
     * @param trace         the failing interleaving, one step per line (empty when clean)
     * @param replay        the token {@code crosstalk explore --replay} takes to reproduce it (null when clean)
     */
    public record Row(String manager, String kind, String failureClass, String scenario, String outcome,
                      long interleavings, double seconds, String failure, List<String> trace, String replay) {
        public Row {
            trace = trace == null ? List.of() : List.copyOf(trace);
        }
    }

    /** The file's text, as {@link #write} writes it. */
    public String toJson() {
        return Json.partText(this);
    }

    /** Writes the file atomically; returns {@code file}. */
    public Path write(Path file) throws IOException {
        return Json.writePart(file, this);
    }

    /** Reads a file written by {@link #write}. */
    public static ExploreResults read(Path file) throws IOException {
        return Json.mapper().readValue(file.toFile(), ExploreResults.class);
    }
}
