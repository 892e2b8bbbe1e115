package dev.crosstalk.harness.explore;

import dev.crosstalk.results.archive.ExploreResults;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code crosstalk explore --replay TOKEN} found.
 *
 * @param exitCode 1 the failure reproduces (a finding), 0 it does not, 2 a bad token or a replay that could not run
 * @param message  what happened, in words
 * @param rows     the replayed rows (empty when the engine wrote none)
 * @param file     the engine's replay file ({@code replay.json})
 * @param log      the engine's console ({@code replay.log})
 */
public record ReplayOutcome(int exitCode, String message, List<ExploreResults.Row> rows, Path file, Path log) {

    public ReplayOutcome {
        rows = List.copyOf(rows);
    }
}
