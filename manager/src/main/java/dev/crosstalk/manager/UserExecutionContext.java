package dev.crosstalk.manager;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is acting, in which conversation thread, for which agent run: the identity every manager
 * is bound to. Immutable, and validated at construction so that a manager can never be bound to
 * a blank or placeholder identity (the reference backend's isolation failures often began with
 * a {@code "default"} or {@code "test"} user id leaking into production paths).
 *
 * @param userId            the authenticated user; required
 * @param threadId          the conversation thread; required
 * @param runId             the agent run; required
 * @param requestId         the request that created this context; required (see {@link #generateRequestId()})
 * @param websocketClientId the client connection id, when the context belongs to one; may be null
 */
public record UserExecutionContext(String userId, String threadId, String runId, String requestId,
                                   String websocketClientId) {

    /** Exact values that are placeholders, not identities (compared case-insensitively). */
    public static final Set<String> PLACEHOLDER_VALUES =
            Set.of("test", "default", "none", "null", "mock", "undefined");

    /** Prefixes that mark a placeholder identity (compared case-insensitively). */
    public static final Set<String> PLACEHOLDER_PREFIXES = Set.of("placeholder_", "temp_", "mock_");

    public UserExecutionContext {
        requireId("userId", userId);
        requireId("threadId", threadId);
        requireId("runId", runId);
        requireId("requestId", requestId);
        if (websocketClientId != null && websocketClientId.isBlank()) {
            throw new InvalidContextException("websocketClientId",
                    "must be absent (null) or a non-blank string, got a blank string");
        }
    }

    /** A context without a WebSocket client id. */
    public UserExecutionContext(String userId, String threadId, String runId, String requestId) {
        this(userId, threadId, runId, requestId, null);
    }

    /** A context whose request id is generated: for callers that have none (the factory method the spec asks for). */
    public static UserExecutionContext of(String userId, String threadId, String runId) {
        return new UserExecutionContext(userId, threadId, runId, generateRequestId(), null);
    }

    /** A fresh request id, {@code req_} followed by a random UUID. */
    public static String generateRequestId() {
        return "req_" + UUID.randomUUID();
    }

    /** The same identity with another run: what an agent run started from this context uses. */
    public UserExecutionContext withRunId(String newRunId) {
        return new UserExecutionContext(userId, threadId, newRunId, requestId, websocketClientId);
    }

    /** The same identity bound to a WebSocket client. */
    public UserExecutionContext withWebsocketClientId(String clientId) {
        return new UserExecutionContext(userId, threadId, runId, requestId, clientId);
    }

    public Optional<String> websocketClient() {
        return Optional.ofNullable(websocketClientId);
    }

    /**
     * The reference's isolation key {@code userId:threadId}: one manager per user and thread. Not
     * collision-free, since ids may contain ':' ({@code u:x} + {@code t} and {@code u} + {@code x:t}
     * join alike): the correct factory and the seeded defects' factories key by
     * {@code WebSocketManagerFactory.IsolationKey}, a record, and use this string only in messages.
     */
    public String isolationKey() {
        return userId + ":" + threadId;
    }

    private static void requireId(String field, String value) {
        if (value == null) {
            throw new InvalidContextException(field, "is required, got null");
        }
        if (value.isBlank()) {
            throw new InvalidContextException(field, "must be a non-blank string, got \"" + value + "\"");
        }
        String lower = value.strip().toLowerCase(Locale.ROOT);
        if (PLACEHOLDER_VALUES.contains(lower)) {
            throw new InvalidContextException(field, "is a placeholder value (\"" + value + "\"), not a real id");
        }
        for (String prefix : PLACEHOLDER_PREFIXES) {
            if (lower.startsWith(prefix)) {
                throw new InvalidContextException(field,
                        "has a placeholder prefix \"" + prefix + "\" (\"" + value + "\"), not a real id");
            }
        }
    }

    /** Thrown when a context is built from a missing, blank or placeholder id. */
    public static final class InvalidContextException extends IllegalArgumentException {
        private final String field;

        InvalidContextException(String field, String problem) {
            super("UserExecutionContext." + field + " " + problem);
            this.field = Objects.requireNonNull(field);
        }

        /** The name of the offending field, e.g. {@code "userId"}. */
        public String field() {
            return field;
        }
    }
}
