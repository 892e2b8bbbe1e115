package dev.crosstalk.harness.server;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One simulated agent run: the five golden-path events, emitted through the run's manager on the
 * agent pool with a think time between them. Without think time the five are emitted in one task;
 * with it each step is a scheduled task, so thousands of concurrent runs need no thread each.
 */
final class AgentSimulator {

    static final String AGENT_NAME = "crosstalk-sim";

    private final ServerState state;
    private final UserExecutionContext run;
    private final String userRequest;
    private final Supplier<UserWebSocketManager> managerSupplier;
    private final Consumer<RuntimeException> onFailure;
    private final Runnable onEnd;
    private UserWebSocketManager manager;
    private int step;

    AgentSimulator(ServerState state, UserExecutionContext run, String userRequest,
                   Supplier<UserWebSocketManager> managerSupplier, Consumer<RuntimeException> onFailure,
                   Runnable onEnd) {
        this.state = state;
        this.run = run;
        this.userRequest = userRequest;
        this.managerSupplier = managerSupplier;
        this.onFailure = onFailure;
        this.onEnd = onEnd;
    }

    /** Starts the run on the agent pool; {@code onEnd} runs once it emitted its last event or failed. */
    void start() {
        state.stats.runsStarted.increment();
        state.agentPool.execute(this::step);
    }

    private void step() {
        try {
            if (manager == null) {
                manager = managerSupplier.get();
            }
            ScheduledExecutorService pool = state.agentPool;
            List<String> path = AgentEvent.GOLDEN_PATH;
            while (step < path.size()) {
                String type = path.get(step);
                manager.sendToThread(run.threadId(), AgentEvent.of(run, type, AGENT_NAME, System.currentTimeMillis(),
                        payload(type)));
                step++;
                if (step < path.size()) {
                    long think = think();
                    if (think > 0) {
                        pool.schedule(this::step, think, TimeUnit.MILLISECONDS);
                        return;
                    }
                }
            }
            state.stats.runsCompleted.increment();
            onEnd.run();
        } catch (RuntimeException e) {
            state.stats.runsFailed.increment();
            onFailure.accept(e);
            onEnd.run();
        }
    }

    private long think() {
        int min = state.config.thinkMinMs();
        int max = state.config.thinkMaxMs();
        return min == max ? min : ThreadLocalRandom.current().nextInt(min, max + 1);
    }

    private Map<String, Object> payload(String type) {
        return switch (type) {
            case AgentEvent.AGENT_STARTED -> Map.of("user_request", userRequest);
            case AgentEvent.AGENT_THINKING -> Map.of("thought", "planning");
            case AgentEvent.TOOL_EXECUTING -> Map.of("tool", "search");
            case AgentEvent.TOOL_COMPLETED -> Map.of("tool", "search", "result", "ok");
            default -> Map.of("result", "done");
        };
    }
}
