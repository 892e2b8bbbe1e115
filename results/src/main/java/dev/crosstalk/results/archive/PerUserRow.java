package dev.crosstalk.results.archive;

/** One row of {@code load/per-user.csv}. */
public record PerUserRow(String user, long runs, long leaksReceived, long leaksCaused, long losses) {
}
