package dev.crosstalk.manager;

/**
 * Where a manager writes a connection's events: a Netty channel in the harness, an in-memory
 * {@link RecordingSink} in JCStress, JMH and unit tests, or a user's own transport.
 *
 * <p>Implementations must be safe to call from any thread: a manager delivers from whichever
 * thread emits (an agent worker, an event loop, a JCStress actor).
 */
public interface EventSink {

    /** Delivers one event. Throws {@link SinkClosedException} if the sink can no longer deliver. */
    void send(AgentEvent event);

    /** Whether {@link #send} can still deliver. */
    boolean isOpen();

    /** Thrown by a sink that was closed before or during delivery. */
    final class SinkClosedException extends RuntimeException {
        public SinkClosedException(String message) {
            super(message);
        }
    }
}
