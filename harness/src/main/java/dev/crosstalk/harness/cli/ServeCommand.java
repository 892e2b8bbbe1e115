package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.server.GoldenPathServer;
import dev.crosstalk.harness.server.Jwt;
import dev.crosstalk.harness.server.ServerConfig;
import dev.crosstalk.harness.server.ServerLimits;
import dev.crosstalk.manager.spi.ManagerProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code crosstalk serve}: the embedded golden-path WebSocket server over one manager. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the embedded golden-path WebSocket server (wire-protocol.md) over --manager NAME,"
                + " until Ctrl-C.",
                "Tokens: HS256 JWT, claim sub = user id, exp required; by 'Authorization: Bearer' or the"
                        + " subprotocol 'jwt.<token>'. Without --jwt-secret a random secret is generated and a sample"
                        + " token printed."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ManagerOption.Required manager;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8765", description = "Port (0 = ephemeral; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--path", defaultValue = "/ws", description = "WebSocket path (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--think-ms", defaultValue = "1", paramLabel = "N|MIN-MAX",
            description = "Think time between two events of a run, ms (default: ${DEFAULT-VALUE}).")
    String think;

    @Option(names = "--jwt-secret", paramLabel = "SECRET",
            description = "HS256 secret (also $CROSSTALK_JWT_SECRET). Default: random, printed.")
    String jwtSecret;

    @Option(names = "--io-threads", description = "Event loops (default: CPUs).")
    Integer ioThreads;

    @Option(names = "--agent-threads", description = "Agent simulator threads (default: max(2, CPUs)).")
    Integer agentThreads;

    @Option(names = "--nio", description = "Use NIO even where epoll is available.")
    boolean nio;

    @Option(names = "--handshake-timeout", defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "DUR", description = "Close a TCP connection that has not completed the WebSocket upgrade"
            + " within DUR (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--idle-timeout", defaultValue = "5m", converter = DurationConverter.class, paramLabel = "DUR",
            description = "Close (1001) a session with nothing read and nothing written for DUR"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--max-pending-replies", defaultValue = "256", paramLabel = "N",
            description = "Close (1008) a session that leaves more than N replies (pongs, errors) unread: a flood"
                    + " (default: ${DEFAULT-VALUE}). Its replies and events also share a 4 MiB unsent-bytes bound"
                    + " (1008, slow reader), and it is not read while it cannot be written to.")
    int maxPendingReplies;

    @Option(names = "--max-runs-in-flight", defaultValue = "1000", paramLabel = "N",
            description = "Runs one session may have emitting at once; more get error too_many_runs"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxRunsInFlight;

    @Option(names = "--max-threads-per-session", defaultValue = "64", paramLabel = "N",
            description = "Threads one session may hold; more get error too_many_threads"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxThreadsPerSession;

    @Option(names = "--max-frames-per-second", defaultValue = "10000", paramLabel = "N",
            description = "Close (1008) a session that sends frames faster than N per second (counted over 100 ms:"
                    + " more than N/10 in 100 ms): a flood (default: ${DEFAULT-VALUE}).")
    int maxFramesPerSecond;

    @Option(names = "--flood-penalty", converter = DurationConverter.class, defaultValue = "10s", paramLabel = "DUR",
            description = "After a session is closed as a flood, refuse its user's new sessions (HTTP 429) this long;"
                    + " 0 for never (default: ${DEFAULT-VALUE}).")
    Duration floodPenalty;

    @Option(names = "--exit-on-stdin-eof", hidden = true,
            description = "Stop when stdin closes (the load driver's child-JVM server never outlives it).")
    boolean exitOnStdinEof;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ManagerProvider provider = manager.provider();
        PrintWriter out = spec.commandLine().getOut();
        String secret = jwtSecret != null ? jwtSecret : System.getenv("CROSSTALK_JWT_SECRET");
        boolean generated = secret == null;
        if (generated) {
            secret = Jwt.newSecret();
        }
        ServerConfig config;
        try {
            int[] t = DurationConverter.thinkRange(think);
            ServerConfig d = ServerConfig.defaults(provider, secret);
            config = new ServerConfig(provider, d.backendOptions(), host, port, path, secret, t[0], t[1],
                    ioThreads != null ? ioThreads : d.ioThreads(), agentThreads != null ? agentThreads : d.agentThreads(),
                    d.setupThreads(), d.maxOutboundBytes(), nio, new ServerLimits(handshakeTimeout, idleTimeout,
                            maxPendingReplies, maxRunsInFlight, maxThreadsPerSession, maxFramesPerSecond, floodPenalty));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        GoldenPathServer server;
        try {
            server = GoldenPathServer.start(config);
        } catch (Exception e) {
            throw new UsageException("cannot start the server on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ct-serve-shutdown"));
        out.printf("crosstalk serve: %s over manager '%s' (%s, think %s ms)%n", server.uri(), provider.name(),
                server.transport().label(), think);
        if (generated) {
            out.printf("JWT secret (generated): %s%nsample token for user 'alice': %s%n", secret,
                    new Jwt(secret).sign("alice", Duration.ofHours(12)));
        }
        out.flush();
        if (exitOnStdinEof) {
            Thread watch = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // treated as EOF
                }
                server.close();
            }, "ct-serve-stdin");
            watch.setDaemon(true);
            watch.start();
        }
        server.awaitClose();
        stopped.await();
        return ExitCodes.CLEAN;
    }
}
