package dev.crosstalk.harness.load;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.crosstalk.harness.server.GoldenPathServer;
import dev.crosstalk.harness.server.Jwt;
import dev.crosstalk.harness.server.ServerConfig;
import dev.crosstalk.manager.spi.ManagerProvider;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Map;

/**
 * The server a load drives: the embedded golden-path server over a manager provider, in this JVM or in
 * a child JVM, or an external {@code --target}. Owned by the driver thread.
 */
final class LoadTarget implements AutoCloseable {

    private final URI uri;
    private final String mode;
    private final String secret;
    private final GoldenPathServer server;
    private final ChildServer child;

    private LoadTarget(URI uri, String mode, String secret, GoldenPathServer server, ChildServer child) {
        this.uri = uri;
        this.mode = mode;
        this.secret = secret;
        this.server = server;
        this.child = child;
    }

    /**
     * Starts the embedded server over {@code provider} in {@code mode} (see {@link #serverMode}) with
     * {@code config.jwtSecret()} or a fresh secret, or names the external target.
     *
     * @throws IllegalArgumentException an embedded load without a provider
     */
    static LoadTarget start(LoadConfig config, ManagerProvider provider, String mode)
            throws IOException, InterruptedException {
        if (!config.embedded()) {
            return new LoadTarget(config.target(), mode, config.jwtSecret(), null, null);
        }
        if (provider == null) {
            throw new IllegalArgumentException("no manager provider for the embedded server");
        }
        String secret = config.jwtSecret() != null ? config.jwtSecret() : Jwt.newSecret();
        if (mode.equals("child")) {
            ChildServer child = ChildServer.start(config, secret);
            return new LoadTarget(child.uri(), mode, secret, null, child);
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        ServerConfig sc = ServerConfig.defaults(provider, secret)
                .withThink(config.thinkMinMs(), config.thinkMaxMs())
                .withThreads(Math.max(1, cpus), Math.max(2, cpus), Math.max(2, cpus))
                .withPreferNio(config.preferNio());
        boolean pressure = config.scenario() == Scenario.PRESSURE;
        if (pressure) {
            sc = sc.withBackendOptions(sc.backendOptions().withIdleEvictionAfter(config.pressureEvictAfter()));
        }
        GoldenPathServer server = GoldenPathServer.start(sc);
        if (pressure) {
            // A server with idle eviction sweeps: idle managers go whether or not a creation hits a limit.
            server.sweepIdleEvery(config.pressureEvictAfter().dividedBy(2));
        }
        return new LoadTarget(server.uri(), mode, secret, server, null);
    }

    /**
     * external for a {@code --target}; for the embedded server what the config says, or by default in this
     * process unless the descriptors a session costs it (one for the driver's socket, one more for an
     * in-process server's) would pass its limit, then a child JVM.
     */
    static String serverMode(LoadConfig c, int sessions) {
        if (!c.embedded()) {
            return "external";
        }
        if (!c.serverMode().equals("auto")) {
            return c.serverMode();
        }
        if (c.scenario() == Scenario.PRESSURE) {
            return "in-process"; // it sets the server's idle eviction, which only the in-process server takes
        }
        long limit = Long.MAX_VALUE;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            limit = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount();
        }
        return 2L * sessions + 512 > limit ? "child" : "in-process";
    }

    URI uri() {
        return uri;
    }

    /** in-process, child or external. */
    String mode() {
        return mode;
    }

    /** The secret tokens are signed with (null for an external target with a token file). */
    String secret() {
        return secret;
    }

    /** The in-process server's counters, or null (child or external: not ours to read). */
    Map<String, Long> stats() {
        return server == null ? null : server.stats().snapshot();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (child != null) {
            child.close();
        }
    }
}
