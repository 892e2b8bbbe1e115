package dev.crosstalk.results.archive;

/**
 * One line of {@code load/leaks.jsonl}: an event of {@code owningUser}'s run that reached {@code receivingUser}
 * ({@code owningUser} is {@code "unknown"} when no session of the load started the run). Written by the load
 * driver and read by the archive through {@link LoadFiles}.
 */
public record LeakRecord(String receivingUser, String owningUser, String eventType, String runId, String time) {
}
