package dev.crosstalk.harness.server;

import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.ManagerProvider;

import java.util.Objects;

/**
 * Everything one {@link GoldenPathServer} needs.
 *
 * @param provider           the manager creation path the server's sessions use
 * @param backendOptions     options of the one backend the server starts
 * @param host               address to bind (127.0.0.1 by default)
 * @param port               port to bind; 0 for an ephemeral one
 * @param path               the WebSocket path ({@code /ws})
 * @param jwtSecret          HS256 secret tokens are verified with
 * @param thinkMinMs         least think time between two events of a run, ms
 * @param thinkMaxMs         most think time between two events of a run, ms (uniform in between)
 * @param ioThreads          event loops
 * @param agentThreads       threads of the agent simulator's pool (never the event loops)
 * @param setupThreads       threads that open sessions through the backend (never the event loops)
 * @param maxOutboundBytes   a connection whose unsent bytes exceed this is closed as a slow reader
 * @param preferNio          use NIO even where epoll is available
 * @param limits             timeouts and per-session bounds against hostile clients
 */
public record ServerConfig(ManagerProvider provider, BackendOptions backendOptions, String host, int port, String path,
                           String jwtSecret, int thinkMinMs, int thinkMaxMs, int ioThreads, int agentThreads,
                           int setupThreads, long maxOutboundBytes, boolean preferNio,
                           ServerLimits limits) {

    public static final String DEFAULT_PATH = "/ws";
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = 4L << 20;

    public ServerConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(backendOptions, "backendOptions");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(jwtSecret, "jwtSecret");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got " + path);
        }
        if (thinkMinMs < 0 || thinkMaxMs < thinkMinMs || thinkMaxMs > 60_000) {
            throw new IllegalArgumentException("think time must be 0 <= min <= max <= 60000 ms, got "
                    + thinkMinMs + "-" + thinkMaxMs);
        }
        if (ioThreads < 1 || agentThreads < 1 || setupThreads < 1) {
            throw new IllegalArgumentException("thread counts must be at least 1");
        }
        if (maxOutboundBytes < 1024) {
            throw new IllegalArgumentException("maxOutboundBytes must be at least 1024, got " + maxOutboundBytes);
        }
    }

    /** Loopback, ephemeral port, 1 ms think time, threads sized to the machine. */
    public static ServerConfig defaults(ManagerProvider provider, String jwtSecret) {
        int cpus = Runtime.getRuntime().availableProcessors();
        return new ServerConfig(provider, BackendOptions.defaults(), "127.0.0.1", 0, DEFAULT_PATH, jwtSecret, 1, 1,
                Math.max(1, cpus), Math.max(2, cpus), Math.max(2, cpus), DEFAULT_MAX_OUTBOUND_BYTES, false,
                ServerLimits.defaults());
    }

    public ServerConfig withThink(int minMs, int maxMs) {
        return new ServerConfig(provider, backendOptions, host, port, path, jwtSecret, minMs, maxMs,
                ioThreads, agentThreads, setupThreads, maxOutboundBytes, preferNio, limits);
    }

    public ServerConfig withThreads(int io, int agent, int setup) {
        return new ServerConfig(provider, backendOptions, host, port, path, jwtSecret, thinkMinMs, thinkMaxMs,
                io, agent, setup, maxOutboundBytes, preferNio, limits);
    }

    public ServerConfig withMaxOutboundBytes(long bytes) {
        return new ServerConfig(provider, backendOptions, host, port, path, jwtSecret, thinkMinMs, thinkMaxMs,
                ioThreads, agentThreads, setupThreads, bytes, preferNio, limits);
    }

    public ServerConfig withBackendOptions(BackendOptions options) {
        return new ServerConfig(provider, options, host, port, path, jwtSecret, thinkMinMs, thinkMaxMs,
                ioThreads, agentThreads, setupThreads, maxOutboundBytes, preferNio, limits);
    }

    public ServerConfig withPreferNio(boolean nio) {
        return new ServerConfig(provider, backendOptions, host, port, path, jwtSecret, thinkMinMs, thinkMaxMs,
                ioThreads, agentThreads, setupThreads, maxOutboundBytes, nio, limits);
    }

    public ServerConfig withLimits(ServerLimits l) {
        return new ServerConfig(provider, backendOptions, host, port, path, jwtSecret, thinkMinMs, thinkMaxMs,
                ioThreads, agentThreads, setupThreads, maxOutboundBytes, preferNio, l);
    }
}
