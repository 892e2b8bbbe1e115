package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.spi.BackendOptions;

import java.util.Objects;

/**
 * The design the reference backend's migration removed: one manager for every user, holding
 * every user's connections, with a mutable "current user context" that callers set before they
 * emit ({@link #actFor}). Sends route by the current context, not by the event or the address,
 * so a send that lost the current context to another user's caller between setting it and
 * delivering writes to the other user. {@link #beforeRouting()} calls the backend's hook at
 * {@code point}, in exactly that window.
 */
class SharedManager extends DefectManager {

    private final String point;
    /** The user context the manager acts for now: a plain field, set by whoever called last. */
    private UserExecutionContext current;

    /** @param point the hook point between setting the current context and delivering */
    SharedManager(BackendOptions options, String point) {
        super(options);
        this.point = Objects.requireNonNull(point, "point");
    }

    /** Makes {@code context} the current user context; returns this manager, for the caller to emit through. */
    SharedManager actFor(UserExecutionContext context) {
        current = Objects.requireNonNull(context, "context");
        return this;
    }

    /** The current user context: the one it last acted for. */
    @Override
    public UserExecutionContext context() {
        return current;
    }

    /** A global manager serves everyone. */
    @Override
    protected boolean accepts(String userId) {
        return true;
    }

    @Override
    protected void beforeRouting() {
        options.hook().reached(point);
    }

    /** Routes by the current context, whoever the event is for. */
    @Override
    protected Route routeToUser(String userId, AgentEvent event) {
        return new Route(current.userId(), null);
    }

    /** Routes by the current context, whichever thread the send names. */
    @Override
    protected Route routeToThread(String threadId, AgentEvent event) {
        return new Route(current.userId(), current.threadId());
    }
}
