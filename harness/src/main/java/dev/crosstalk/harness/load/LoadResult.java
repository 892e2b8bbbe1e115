package dev.crosstalk.harness.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a load measured, and its exit code: 0 clean, 1 a finding (leak, loss, order violation,
 * duplicate), 2 it could not run or complete ({@code problem} says why).
 *
 * @param summary   the content of {@code summary.json}
 * @param leaks     the leak records kept (bounded)
 * @param exitCode  0, 1 or 2
 * @param problem   why the exit code is 2, or null
 * @param out       where the files were written, or null
 */
public record LoadResult(Map<String, Object> summary, List<LeakRecord> leaks, int exitCode, String problem, Path out) {

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String key) {
        return (Map<String, Object>) summary.get(key);
    }

    public long findings(String key) {
        return ((Number) section("findings").get(key)).longValue();
    }

    public long leakCount() {
        return findings("leaks");
    }

    public long lossCount() {
        return findings("losses");
    }

    public long runs(String key) {
        return ((Number) section("runs").get(key)).longValue();
    }

    public long errors(String key) {
        return ((Number) section("errors").get(key)).longValue();
    }
}
