package dev.crosstalk.manager.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of one {@link ManagerBackend}: the limits the spec names, the clock idle eviction
 * reads, where deprecation warnings go, and the interleaving hook tests use.
 *
 * @param recoveryQueueCapacity events a user's recovery queue holds before it drops the oldest (1000)
 * @param maxManagersPerUser    the factory path's per-user limit (20)
 * @param idleEvictionAfter     a manager without connections idle this long may be evicted (60 s)
 * @param clock                 the time source for timestamps and idleness
 * @param warnings              receives warnings such as the factory's deprecation warning
 * @param hook                  the interleaving hook; {@link InterleavingHook#NONE} outside tests
 */
public record BackendOptions(int recoveryQueueCapacity, int maxManagersPerUser, Duration idleEvictionAfter,
                             Clock clock, Consumer<String> warnings, InterleavingHook hook) {

    public static final int DEFAULT_RECOVERY_QUEUE_CAPACITY = 1000;
    public static final int DEFAULT_MAX_MANAGERS_PER_USER = 20;
    public static final Duration DEFAULT_IDLE_EVICTION_AFTER = Duration.ofSeconds(60);

    public BackendOptions {
        if (recoveryQueueCapacity < 1) {
            throw new IllegalArgumentException("recoveryQueueCapacity must be at least 1, got " + recoveryQueueCapacity);
        }
        if (maxManagersPerUser < 1) {
            throw new IllegalArgumentException("maxManagersPerUser must be at least 1, got " + maxManagersPerUser);
        }
        Objects.requireNonNull(idleEvictionAfter, "idleEvictionAfter");
        if (idleEvictionAfter.isNegative()) {
            throw new IllegalArgumentException("idleEvictionAfter must not be negative, got " + idleEvictionAfter);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(warnings, "warnings");
        Objects.requireNonNull(hook, "hook");
    }

    /** The spec's defaults, warnings to {@link System.Logger}, no hook. */
    public static BackendOptions defaults() {
        System.Logger log = System.getLogger("dev.crosstalk.manager");
        return new BackendOptions(DEFAULT_RECOVERY_QUEUE_CAPACITY, DEFAULT_MAX_MANAGERS_PER_USER,
                DEFAULT_IDLE_EVICTION_AFTER, Clock.systemUTC(), w -> log.log(System.Logger.Level.WARNING, w),
                InterleavingHook.NONE);
    }

    public BackendOptions withRecoveryQueueCapacity(int capacity) {
        return new BackendOptions(capacity, maxManagersPerUser, idleEvictionAfter, clock, warnings, hook);
    }

    public BackendOptions withMaxManagersPerUser(int max) {
        return new BackendOptions(recoveryQueueCapacity, max, idleEvictionAfter, clock, warnings, hook);
    }

    public BackendOptions withIdleEvictionAfter(Duration idle) {
        return new BackendOptions(recoveryQueueCapacity, maxManagersPerUser, idle, clock, warnings, hook);
    }

    public BackendOptions withClock(Clock newClock) {
        return new BackendOptions(recoveryQueueCapacity, maxManagersPerUser, idleEvictionAfter, newClock, warnings, hook);
    }

    public BackendOptions withWarnings(Consumer<String> sink) {
        return new BackendOptions(recoveryQueueCapacity, maxManagersPerUser, idleEvictionAfter, clock, sink, hook);
    }

    public BackendOptions withHook(InterleavingHook newHook) {
        return new BackendOptions(recoveryQueueCapacity, maxManagersPerUser, idleEvictionAfter, clock, warnings, newHook);
    }
}
