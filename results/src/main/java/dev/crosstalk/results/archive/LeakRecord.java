package dev.crosstalk.results.archive;

/** One line of {@code load/leaks.jsonl}: an event of {@code owningUser} delivered to {@code receivingUser}. */
public record LeakRecord(String receivingUser, String owningUser, String eventType, String runId, String time) {
}
