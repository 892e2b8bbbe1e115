package dev.crosstalk.results.archive;

/** One row of {@code load/per-user.csv}; {@link LoadFiles} writes it, the archive reads it. */
public record PerUserRow(String user, long runs, long leaksReceived, long leaksCaused, long losses) {
}
