package dev.crosstalk.bench;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ManagerProviders;

import java.util.NoSuchElementException;

/**
 * What every benchmark needs: the provider named by the {@code manager} parameter, looked up
 * with {@link ManagerProviders#discover()} in the forked JVM (so a plugin jar on the fork's
 * class path is selectable by name), and the options its backends start with.
 */
final class BenchSupport {

    private BenchSupport() {
    }

    /**
     * The provider named {@code name}.
     *
     * @throws IllegalStateException naming the providers this fork can see, if there is none
     */
    static ManagerProvider provider(String name) {
        try {
            return ManagerProviders.discover().byName(name);
        } catch (NoSuchElementException e) {
            throw new IllegalStateException(e.getMessage()
                    + " (class path of this JMH fork: " + System.getProperty("java.class.path") + ")", e);
        }
    }

    /**
     * The spec's defaults, with warnings discarded: the factory's deprecation warning is logged
     * once per backend, and the creation benchmarks start many backends; a log line per backend
     * would be measured and would flood JMH's console.
     */
    static BackendOptions options() {
        return BackendOptions.defaults().withWarnings(warning -> { });
    }

    /** A valid context (no placeholder ids) for {@code userId}, with a fixed request id: no UUID in setup paths. */
    static UserExecutionContext context(String userId, String threadId, String runId) {
        return new UserExecutionContext(userId, threadId, runId, "req-" + userId + "-" + runId);
    }
}
