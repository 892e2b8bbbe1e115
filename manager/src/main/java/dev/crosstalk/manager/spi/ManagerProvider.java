package dev.crosstalk.manager.spi;

import java.util.Optional;

/**
 * A way of creating the manager, selectable by name in every instrument: a correct creation
 * path or a seeded defect, built in or from a plugin jar.
 *
 * <p>This is crosstalk's public SPI. Implementations are discovered with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.crosstalk.manager.spi.ManagerProvider} and put the jar on the
 * classpath (or pass it with {@code --plugin}). An implementation needs a public no-argument
 * constructor and must be stateless: all state belongs to the backends it starts.
 */
public interface ManagerProvider {

    /** The unique name users select it by: lower-case words joined by '-' or '.', e.g. {@code ssot}. */
    String name();

    ProviderKind kind();

    /** One line: what this path does (for a defect, the change it makes). */
    String description();

    /** For a defect, what it breaks; empty for a correct path. */
    Optional<FailureClass> failureClass();

    /**
     * Whether this path promises recovery: the events of a run whose session dropped while it was in
     * flight reach another connection of the run's user (a sibling tab, or the session's reconnect,
     * through the recovery queue), each once and in order. The load driver verifies that promise for
     * every abandoned run and counts a loss, duplicate or order violation when it is broken; a path that
     * returns false is not held to it, and the load summary says so ({@code details.recovery}).
     *
     * <p>The default is true, the contract of a per-user manager with a recovery queue: a provider that
     * does not recover must say so, it is never assumed.
     */
    default boolean recoversAbandonedRuns() {
        return true;
    }

    /** Starts a fresh, independent instance of this path. */
    ManagerBackend start(BackendOptions options);

    /** Starts a fresh instance with {@link BackendOptions#defaults()}. */
    default ManagerBackend start() {
        return start(BackendOptions.defaults());
    }
}
