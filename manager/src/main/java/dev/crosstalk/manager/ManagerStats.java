package dev.crosstalk.manager;

/**
 * A manager's counters at one moment.
 *
 * @param sent        events written to a connection's sink (one per connection)
 * @param queued      events stored in the recovery queue because no connection was open
 * @param dropped     events dropped: the oldest, when the recovery queue overflowed
 * @param violations  isolation violations refused
 * @param connections open connections now registered
 * @param pending     events waiting in the recovery queue now
 */
public record ManagerStats(long sent, long queued, long dropped, long violations, int connections, int pending) {
}
