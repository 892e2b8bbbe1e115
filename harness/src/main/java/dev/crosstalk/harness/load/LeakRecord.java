package dev.crosstalk.harness.load;

/** One line of {@code leaks.jsonl}: an event of {@code owningUser}'s run that reached {@code receivingUser}. */
public record LeakRecord(String receivingUser, String owningUser, String eventType, String runId, String time) {
}
