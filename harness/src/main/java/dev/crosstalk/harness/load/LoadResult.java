package dev.crosstalk.harness.load;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.LeakRecord;
import dev.crosstalk.results.archive.LoadSummary;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a load measured, and its exit code: 0 clean, 1 a finding (leak, loss, order violation,
 * duplicate), 2 it could not run or complete ({@code problem} says why).
 *
 * @param loadSummary the content of {@code summary.json}
 * @param leaks       the leak records kept (bounded)
 * @param exitCode    0, 1 or 2
 * @param problem     why the exit code is 2, or null
 * @param out         where the files were written, or null
 */
public record LoadResult(LoadSummary loadSummary, List<LeakRecord> leaks, int exitCode, String problem, Path out) {

    /** {@code summary.json} as a map, keys in the file's order (for printing it as JSON or line by line). */
    public Map<String, Object> summary() {
        return Json.mapper().convertValue(loadSummary, new TypeReference<Map<String, Object>>() { });
    }

    public long findings(String key) {
        return loadSummary.findings().get(key);
    }

    public long leakCount() {
        return findings("leaks");
    }

    public long lossCount() {
        return findings("losses");
    }

    /** planned, started or completed. */
    public long runs(String key) {
        LoadSummary.Runs r = loadSummary.runs();
        return switch (key) {
            case "planned" -> r.planned();
            case "started" -> r.started();
            case "completed" -> r.completed();
            default -> throw new IllegalArgumentException("no run count " + key);
        };
    }

    public long errors(String key) {
        return loadSummary.errors().get(key);
    }
}
