package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.spi.BackendOptions;

import java.util.Objects;

/**
 * A {@link DefectManager} bound for its whole life to one user, through a final field: the
 * defects' counterpart of {@code new WebSocketManager(context)} (the factory's "isolated"
 * manager). Subclasses override one extension point to seed their defect.
 */
class IsolatedManager extends DefectManager {

    private final UserExecutionContext context;

    IsolatedManager(UserExecutionContext context, BackendOptions options) {
        this(context, options, null);
    }

    IsolatedManager(UserExecutionContext context, BackendOptions options, Guard guard) {
        super(options, guard);
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public UserExecutionContext context() {
        return context;
    }
}
