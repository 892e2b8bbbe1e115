package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.Sharing;

import java.util.Objects;
import java.util.Optional;

/**
 * A "process" with one {@link SharedManager} for every user: obtaining a manager (for a session
 * or for a run) sets its current user context and returns it.
 */
final class SharedBackend extends DefectBackend {

    private final SharedManager shared;

    SharedBackend(BackendOptions options, SharedManager shared) {
        super(options);
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    @Override
    public Sharing sharing() {
        return Sharing.GLOBAL;
    }

    @Override
    public Optional<Object> entryPoint() {
        return Optional.of(shared);
    }

    @Override
    public UserWebSocketManager obtain(UserExecutionContext context) {
        return shared.actFor(context);
    }

    @Override
    public int managerCount() {
        return 1;
    }

    @Override
    public void close() {
        shared.close();
    }
}
