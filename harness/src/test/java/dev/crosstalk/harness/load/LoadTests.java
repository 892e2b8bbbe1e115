package dev.crosstalk.harness.load;

import dev.crosstalk.manager.factory.FactoryProvider;
import dev.crosstalk.manager.registry.RegistryProvider;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.ssot.SsotProvider;

import java.util.stream.Stream;

/** What the load tests share: the correct paths, and running a load with progress to stderr. */
final class LoadTests {

    private LoadTests() {
    }

    static Stream<ManagerProvider> correctPaths() {
        return Stream.of(new SsotProvider(), new RegistryProvider(), new FactoryProvider());
    }

    static LoadResult run(LoadConfig c, ManagerProvider p) {
        return LoadDriver.run(c, p, System.err, null);
    }
}
