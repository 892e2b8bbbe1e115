package dev.crosstalk.bench;

import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ProviderKind;
import dev.crosstalk.manager.ssot.SsotProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A plugin provider for {@link PluginReachesForksIT}: direct instantiation under the name
 * {@code fork-probe}. Packaged by the test into its own jar, never on the benchmarks' class
 * path otherwise. Each backend it starts appends the pid of its JVM to the file named by the
 * system property {@code crosstalk.probe.file}, so the test can tell which JVM used it.
 */
public final class ForkProbeProvider implements ManagerProvider {

    private final ManagerProvider ssot = new SsotProvider();

    @Override
    public String name() {
        return "fork-probe";
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.CORRECT;
    }

    @Override
    public String description() {
        return "test plugin: direct instantiation that records the pid of the JVM it runs in";
    }

    @Override
    public Optional<FailureClass> failureClass() {
        return Optional.empty();
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        String file = System.getProperty("crosstalk.probe.file");
        if (file != null) {
            try {
                Files.writeString(Path.of(file), ProcessHandle.current().pid() + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ssot.start(options);
    }
}
