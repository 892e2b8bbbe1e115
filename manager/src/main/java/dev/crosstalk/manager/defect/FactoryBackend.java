package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.factory.FactoryProvider;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.Sharing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The {@code factory} path for the defects: callers reach the lazily created, process-wide
 * factory through {@link #getWebSocketManagerFactory()} (thread-safe here, and logging the
 * deprecation warning once) and call {@code createManager} for every session and every run.
 * The defects say which factory to build; {@code racy-factory-singleton} overrides the lazy
 * initialisation itself.
 */
class FactoryBackend extends DefectBackend {

    /** The singleton; guarded by "this" in the correct {@link #getWebSocketManagerFactory()}. */
    protected ManagerFactory factory;

    /** Every factory this backend ever created: one, unless the lazy initialisation raced. */
    private final List<ManagerFactory> created = new CopyOnWriteArrayList<>();

    private final Function<BackendOptions, ManagerFactory> newFactory;

    /** @param newFactory builds the factory the singleton holds */
    FactoryBackend(BackendOptions options, Function<BackendOptions, ManagerFactory> newFactory) {
        super(options);
        this.newFactory = Objects.requireNonNull(newFactory, "newFactory");
    }

    /** A new factory, logging the deprecation warning as the factory's first use does. */
    protected final ManagerFactory createFactory() {
        options.warnings().accept(FactoryProvider.DEPRECATION_WARNING);
        ManagerFactory f = newFactory.apply(options);
        created.add(f);
        return f;
    }

    /** The process-wide factory, created on first use. */
    protected synchronized ManagerFactory getWebSocketManagerFactory() {
        if (factory == null) {
            factory = createFactory();
        }
        return factory;
    }

    @Override
    public Sharing sharing() {
        return Sharing.PER_ISOLATION_KEY;
    }

    @Override
    public Optional<Object> entryPoint() {
        return Optional.of(getWebSocketManagerFactory());
    }

    @Override
    public UserWebSocketManager obtain(UserExecutionContext context) {
        return getWebSocketManagerFactory().createManager(context);
    }

    @Override
    public int evictIdle() {
        return getWebSocketManagerFactory().evictIdle();
    }

    /** Managers held by every factory created, so that a second factory's managers show. */
    @Override
    public int managerCount() {
        return created.stream().mapToInt(ManagerFactory::managerCount).sum();
    }

    @Override
    public void close() {
        created.forEach(ManagerFactory::shutdown);
    }
}
