package dev.crosstalk.harness.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may cost the server: the bounds a hostile or broken client hits before it can
 * grow the server's memory or descriptors without end (issue 14).
 *
 * @param handshakeTimeout   a TCP connection that has not completed the WebSocket upgrade this long after it
 *                           was accepted is closed (no token needed to hold a descriptor otherwise)
 * @param idleTimeout        a WebSocket session with no frame read and none written this long is closed with
 *                           1001 (going away)
 * @param maxPendingReplies  replies (pongs, error replies) handed to the channel and not yet written to the
 *                           socket; a session past it is flooding without reading and is closed with 1008
 * @param maxRunsInFlight    runs one session may have emitting at once; past it {@code start_agent} gets an
 *                           error reply {@code too_many_runs}
 * @param maxThreadsPerSession threads one session may hold (its own plus those of its user it started runs
 *                           on); past it {@code start_agent} gets an error reply {@code too_many_threads}
 * @param maxFramesPerSecond frames one session may send per second (any frame), counted over 100 ms windows
 *                           (at most a tenth of it in one); past it the session is a flood and is closed with 1008
 * @param floodPenalty       how long a user whose session was closed as a flood is refused new sessions (HTTP 429):
 *                           without it the flooder reconnects at once, ~50 times a second here, and every upgrade
 *                           costs a handshake and a session set-up that other users wait for; zero for none
 */
public record ServerLimits(Duration handshakeTimeout, Duration idleTimeout, int maxPendingReplies,
                           int maxRunsInFlight, int maxThreadsPerSession, int maxFramesPerSecond,
                           Duration floodPenalty) {

    /** The longest thread id (the upgrade URL's {@code thread_id} and {@code start_agent}'s alike). */
    public static final int MAX_THREAD_ID = 200;
    /** The longest run id a {@code start_agent} may carry (it is echoed in every event and error reply). */
    public static final int MAX_RUN_ID = 200;

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Small enough that replies alone never reach the channel's 256 KiB high water mark (256 of the largest,
     * an error reply of about 600 bytes, are 150 KiB), so a flood is closed by this bound before reading
     * pauses, and large enough that no client that reads its replies comes near it.
     */
    public static final int DEFAULT_MAX_PENDING_REPLIES = 256;
    public static final int DEFAULT_MAX_RUNS_IN_FLIGHT = 1000;
    public static final int DEFAULT_MAX_THREADS_PER_SESSION = 64;
    /**
     * Far above what a client of the golden path sends (one start_agent per run: the whole server does about
     * 700 runs/s here), far below a flood (200,000 pings/s from one JDK client here).
     */
    public static final int DEFAULT_MAX_FRAMES_PER_SECOND = 10_000;
    /** Long enough that a flooder's retries cost a token check each, short enough that a user who was wrongly
     * taken for one (a burst of a buggy client) is back within seconds. */
    public static final Duration DEFAULT_FLOOD_PENALTY = Duration.ofSeconds(10);

    public ServerLimits {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(floodPenalty, "floodPenalty");
        if (floodPenalty.isNegative()) {
            throw new IllegalArgumentException("the flood penalty must not be negative, got " + floodPenalty);
        }
        if (handshakeTimeout.toMillis() < 1 || idleTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeouts must be at least 1 ms, got handshake " + handshakeTimeout
                    + ", idle " + idleTimeout);
        }
        if (maxPendingReplies < 1 || maxRunsInFlight < 1 || maxThreadsPerSession < 1 || maxFramesPerSecond < 1) {
            throw new IllegalArgumentException("per-session bounds must be at least 1, got replies "
                    + maxPendingReplies + ", runs " + maxRunsInFlight + ", threads " + maxThreadsPerSession
                    + ", frames/s " + maxFramesPerSecond);
        }
    }

    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_PENDING_REPLIES,
                DEFAULT_MAX_RUNS_IN_FLIGHT, DEFAULT_MAX_THREADS_PER_SESSION, DEFAULT_MAX_FRAMES_PER_SECOND,
                DEFAULT_FLOOD_PENALTY);
    }

    public ServerLimits withTimeouts(Duration handshake, Duration idle) {
        return new ServerLimits(handshake, idle, maxPendingReplies, maxRunsInFlight, maxThreadsPerSession,
                maxFramesPerSecond, floodPenalty);
    }

    public ServerLimits withSessionBounds(int pendingReplies, int runsInFlight, int threadsPerSession) {
        return new ServerLimits(handshakeTimeout, idleTimeout, pendingReplies, runsInFlight, threadsPerSession,
                maxFramesPerSecond, floodPenalty);
    }

    public ServerLimits withMaxFramesPerSecond(int frames) {
        return new ServerLimits(handshakeTimeout, idleTimeout, maxPendingReplies, maxRunsInFlight,
                maxThreadsPerSession, frames, floodPenalty);
    }

    public ServerLimits withFloodPenalty(Duration penalty) {
        return new ServerLimits(handshakeTimeout, idleTimeout, maxPendingReplies, maxRunsInFlight,
                maxThreadsPerSession, maxFramesPerSecond, penalty);
    }
}
