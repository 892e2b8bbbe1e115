package dev.crosstalk.harness.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.manager.spi.ManagerBackend;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The embedded golden-path WebSocket server: speaks {@code wire-protocol.md} over one manager
 * creation path. See {@link ServerHandler} for the session flow.
 *
 * <p>Threads: {@code ioThreads} event loops do I/O, the handshake and JSON parsing of requests
 * only; a {@code setup} pool opens sessions through the backend (so the event loop keeps reading
 * while a backend's {@code open} runs, which is what gives a register-after-ready race its
 * window); an {@code agent} pool runs the agent simulator. Neither pool ever runs on an event loop.
 */
public final class GoldenPathServer implements AutoCloseable {

    private final ServerConfig config;
    private final ServerStats stats = new ServerStats();
    private final Transport transport;
    private final EventLoopGroup group;
    private final EventLoopGroup acceptor;
    private final ExecutorService setupPool;
    private final ScheduledThreadPoolExecutor agentPool;
    private final ManagerBackend backend;
    private final ServerState state;
    private final Channel serverChannel;

    private GoldenPathServer(ServerConfig config) throws InterruptedException {
        this.config = config;
        this.transport = Transport.choose(config.preferNio());
        this.backend = config.provider().start(config.backendOptions());
        this.group = transport.newGroup(config.ioThreads(), new NamedThreads("ct-server-io"));
        // A thread of its own for accepting, so that a connection storm does not wait behind
        // handshakes and overflow the kernel's accept queue (then SYNs are retried after 1, 3, 7 s).
        this.acceptor = transport.newGroup(1, new NamedThreads("ct-server-accept"));
        this.setupPool = new ThreadPoolExecutor(config.setupThreads(), config.setupThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("ct-server-setup"));
        this.agentPool = new ScheduledThreadPoolExecutor(config.agentThreads(), new NamedThreads("ct-agent"));
        this.agentPool.setRemoveOnCancelPolicy(true);
        ObjectMapper mapper = new ObjectMapper();
        JsonFactory json = mapper.getFactory();
        this.state = new ServerState(config, backend, stats, json, mapper, new Jwt(config.jwtSecret()), setupPool,
                agentPool);
        WarmUp.run(state);
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptor, group)
                .channel(transport.serverChannel())
                .handler(new AcceptGuard(stats))
                .option(ChannelOption.SO_BACKLOG, 16_384)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new ServerChannelRecvByteBufAllocator().maxMessagesPerRead(1024))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(new ServerInitializer(state));
        try {
            this.serverChannel = b.bind(config.host(), config.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownResources();
            throw e;
        }
    }

    /** Starts a server and binds it; the port is known when this returns. */
    public static GoldenPathServer start(ServerConfig config) throws InterruptedException {
        return new GoldenPathServer(config);
    }

    /**
     * Calls the backend's {@code evictIdle()} every {@code every}, on the agent pool, as a server whose
     * managers expire when idle does (the factory path otherwise evicts only when a user is at its limit).
     */
    public void sweepIdleEvery(Duration every) {
        long nanos = Math.max(1, every.toNanos());
        agentPool.scheduleAtFixedRate(() -> {
            try {
                stats.managersEvicted.add(backend.evictIdle());
            } catch (RuntimeException ignored) {
                // A defect's eviction may throw; the next sweep tries again.
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The address clients connect to ({@code ws://host:port/ws}). */
    public URI uri() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("ws://" + host + ":" + port() + config.path());
    }

    /** Threads some live session holds (server-wide); for tests that claims are released. */
    int threadsHeld() {
        return state.owners.size();
    }

    public ServerStats stats() {
        return stats;
    }

    public Transport transport() {
        return transport;
    }

    /** Blocks until the server channel closes (for {@code crosstalk serve}). */
    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().await();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutdownResources();
    }

    private void shutdownResources() {
        agentPool.shutdownNow();
        setupPool.shutdownNow();
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        try {
            backend.close();
        } catch (RuntimeException ignored) {
            // A defect's backend may fail to close; the server is going away regardless.
        }
    }
}
