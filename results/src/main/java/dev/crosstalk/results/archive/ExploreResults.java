package dev.crosstalk.results.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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

    /**
     * One result of several engine runs over disjoint sets of managers with the same seed and bounds (the engine
     * JVMs the harness runs side by side): rows ordered by {@code managerOrder}, then as each part wrote them;
     * started at the earliest start, ended at the latest end.
     *
     * @throws IllegalArgumentException if the parts disagree on engine, seed or bounds, or overlap
     */
    public static ExploreResults merge(List<ExploreResults> parts, List<String> managerOrder) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        ExploreResults first = parts.get(0);
        List<Row> rows = new ArrayList<>();
        String started = first.started();
        String ended = first.ended();
        Set<String> managers = new HashSet<>();
        for (ExploreResults part : parts) {
            if (part.seed() != first.seed() || !Objects.equals(part.engine(), first.engine())
                    || !Objects.equals(part.budget(), first.budget())
                    || !Objects.equals(part.timeSeconds(), first.timeSeconds())) {
                throw new IllegalArgumentException("explore results of different runs cannot be merged: seed "
                        + first.seed() + " vs " + part.seed() + ", engine " + first.engine() + " vs " + part.engine());
            }
            Set<String> own = new HashSet<>();
            part.results().forEach(r -> own.add(r.manager()));
            for (String m : own) {
                if (!managers.add(m)) {
                    throw new IllegalArgumentException("manager " + m + " is in two of the explore results merged");
                }
            }
            rows.addAll(part.results());
            started = started.compareTo(part.started()) <= 0 ? started : part.started();
            ended = ended.compareTo(part.ended()) >= 0 ? ended : part.ended();
        }
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < managerOrder.size(); i++) {
            rank.putIfAbsent(managerOrder.get(i), i);
        }
        // stable: a manager's rows keep the scenario order its engine wrote them in
        rows.sort(Comparator.comparingInt(r -> rank.getOrDefault(r.manager(), Integer.MAX_VALUE)));
        return new ExploreResults(first.schema(), first.instrument(), first.engine(), first.seed(), first.budget(),
                first.timeSeconds(), started, ended, rows);
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
