package dev.crosstalk.manager;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event of an agent run, as the manager delivers it to a user's connections:
 * {@code {type, run_id, thread_id, user_id, agent_name, timestamp, payload}}.
 *
 * <p>Immutable; {@code payload} is copied on construction. {@code timestamp} is epoch
 * milliseconds as the wire protocol carries it.
 */
public record AgentEvent(String type, String runId, String threadId, String userId, String agentName,
                         long timestamp, Map<String, Object> payload) {

    public static final String AGENT_STARTED = "agent_started";
    public static final String AGENT_THINKING = "agent_thinking";
    public static final String TOOL_EXECUTING = "tool_executing";
    public static final String TOOL_COMPLETED = "tool_completed";
    public static final String AGENT_COMPLETED = "agent_completed";
    /** May replace the tail of the golden path: the run ended early. */
    public static final String AGENT_ERROR = "agent_error";

    /** The golden path, in the order a run must deliver it. */
    public static final List<String> GOLDEN_PATH =
            List.of(AGENT_STARTED, AGENT_THINKING, TOOL_EXECUTING, TOOL_COMPLETED, AGENT_COMPLETED);

    public AgentEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(userId, "userId");
        agentName = agentName == null ? "agent" : agentName;
        payload = payload == null ? Map.of() : Map.copyOf(payload);
    }

    /** An event of {@code type} for the run that {@code context} describes. */
    public static AgentEvent of(UserExecutionContext context, String type, String agentName, long timestamp,
                                Map<String, Object> payload) {
        return new AgentEvent(type, context.runId(), context.threadId(), context.userId(), agentName, timestamp,
                payload);
    }

    /** Position of {@code type} in the golden path, or -1 ({@code agent_error} and unknown types). */
    public static int goldenPathIndex(String type) {
        return GOLDEN_PATH.indexOf(type);
    }

    /** The same event with another {@code user_id}: what the {@code masked-leak} defect does to hide a leak. */
    public AgentEvent withUserId(String newUserId) {
        return new AgentEvent(type, runId, threadId, newUserId, agentName, timestamp, payload);
    }
}
