package dev.crosstalk.harness.load;

import dev.crosstalk.harness.server.NamedThreads;
import dev.crosstalk.harness.server.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Connection scheduling: the driver's event loops and one {@link ClientSession} per tab, spread over
 * loops and loopback source addresses; when each session opens its connection (spread over the
 * ramp-up, at most the connect rate, or all at once in a connection storm); how a churned session
 * reconnects; and closing every session at the end. The driver thread calls it; what it schedules
 * runs on each session's own loop.
 */
final class Launcher implements AutoCloseable {

    /** Sessions per loopback source address before another is used (ephemeral ports run out near 28k). */
    static final int SESSIONS_PER_SOURCE = 20_000;

    private final LoadContext ctx;
    private final MultiThreadIoEventLoopGroup group;

    private Launcher(LoadContext ctx, MultiThreadIoEventLoopGroup group) {
        this.ctx = ctx;
        this.group = group;
    }

    /**
     * Starts the event loops and creates the sessions (into {@code ctx.sessions}), none connected yet.
     * {@code tokens}: user id → the token its sessions present.
     *
     * @throws IllegalArgumentException for source addresses the target does not allow
     */
    static Launcher open(LoadContext ctx, Transport transport, Map<String, String> tokens)
            throws UnknownHostException {
        LoadConfig config = ctx.config;
        int n = config.sessions();
        InetAddress addr = ctx.remote.getAddress();
        boolean ipv4Loopback = addr.isLoopbackAddress() && addr.getAddress().length == 4;
        int sources = config.sourceAddresses();
        if (sources == 0) {
            sources = ipv4Loopback ? Math.max(1, (n + SESSIONS_PER_SOURCE - 1) / SESSIONS_PER_SOURCE) : 1;
        }
        MultiThreadIoEventLoopGroup group = transport.newGroup(config.eventLoops(), new NamedThreads("ct-load-io"));
        Launcher launcher = new Launcher(ctx, group);
        if (sources > 1 && !ipv4Loopback) {
            launcher.close();
            throw new IllegalArgumentException("--source-addresses > 1 needs an IPv4 loopback target");
        }
        EventLoop[] loops = new EventLoop[config.eventLoops()];
        Bootstrap[] bootstraps = new Bootstrap[loops.length];
        for (int l = 0; l < loops.length; l++) {
            loops[l] = group.next();
            bootstraps[l] = bootstrap(config, transport, loops[l], sources > 1);
        }
        String[] users = ctx.state.users;
        ctx.sessions = new ClientSession[n];
        boolean mixed = config.authMode().equals("mixed");
        boolean firstUse = config.scenario() == Scenario.FIRST_USE;
        FirstUseGate[] gates = new FirstUseGate[firstUse ? users.length : 0];
        for (int u = 0; u < gates.length; u++) {
            gates[u] = new FirstUseGate(config.sessionsPerUser());
        }
        for (int i = 0; i < n; i++) {
            int u = i % users.length;
            // Tab t of user u is session u + t·users; in a first-use burst a user's tabs go to different loops
            // (as far as there are loops), so that their upgrades are not written one after another by one loop.
            int l = firstUse ? (u + i / users.length) % loops.length : i % loops.length;
            InetSocketAddress local = sources > 1
                    ? new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i % sources)}), 0)
                    : null;
            boolean sub = config.authMode().equals("subprotocol") || (mixed && (i / users.length) % 2 == 1);
            ctx.sessions[i] = new ClientSession(ctx, i, u, l, loops[l], bootstraps[l], local, tokens.get(users[u]), sub);
            if (firstUse) {
                ctx.sessions[i].gate(gates[u]);
            }
        }
        return launcher;
    }

    private static Bootstrap bootstrap(LoadConfig config, Transport transport, EventLoop loop, boolean manySources) {
        Bootstrap b = new Bootstrap().group(loop).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024, 64 * 1024));
        if (transport == Transport.EPOLL && manySources) {
            b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        return b;
    }

    /**
     * Schedules every session's connect: a connection storm opens them all at once and starts runs at
     * once; otherwise connects are spaced over the ramp-up (and at most the connect rate) and runs start
     * when the ramp-up ends. Sets the run phase's start (and end, for a load bounded by duration).
     */
    void connectAll() {
        LoadConfig config = ctx.config;
        int n = ctx.sessions.length;
        long base = System.nanoTime();
        // First-use spaces users, not sessions: a user's tabs share one intended connect time (and a gate).
        boolean firstUse = config.scenario() == Scenario.FIRST_USE;
        int users = ctx.state.users.length;
        int slots = firstUse ? users : n;
        int perSlot = firstUse ? config.sessionsPerUser() : 1;
        double spacingNanos = 0;
        if (config.scenario() != Scenario.CONNECTION_STORM) {
            if (slots > 1 && !config.rampUp().isZero()) {
                spacingNanos = (double) config.rampUp().toNanos() / slots;
            }
            if (config.connectRate() > 0) {
                spacingNanos = Math.max(spacingNanos, perSlot * 1e9 / config.connectRate());
            }
        }
        long rampEnd = base + (long) (spacingNanos * slots);
        ctx.runsStartNanos = config.scenario() == Scenario.CONNECTION_STORM ? base : rampEnd;
        if (config.duration() != null) {
            ctx.runsEndNanos = ctx.runsStartNanos + config.duration().toNanos();
        }
        for (int i = 0; i < n; i++) {
            ClientSession s = ctx.sessions[i];
            long intended = base + (long) (spacingNanos * (firstUse ? i % users : i));
            long delay = intended - System.nanoTime();
            if (delay <= 0) {
                s.loop().execute(() -> s.connect(intended));
            } else {
                s.loop().schedule(() -> s.connect(intended), delay, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Releases runs held while the idle heap was measured: the run phase starts now. */
    void releaseRuns() {
        long now = System.nanoTime();
        ctx.runsStartNanos = now;
        if (ctx.config.duration() != null) {
            ctx.runsEndNanos = now + ctx.config.duration().toNanos();
        }
        ctx.holdRuns = false;
        for (ClientSession s : ctx.sessions) {
            s.loop().execute(s::afterUp);
        }
    }

    /**
     * A dropped session reconnects after {@code gap} (pressure: past the server's idle-eviction threshold) or,
     * with none, a short random pause (1–19 ms). On the session's loop.
     */
    static void reconnectSoon(ClientSession s, Duration gap) {
        long pause = gap != null ? gap.toNanos() : TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(1, 20));
        long intended = System.nanoTime() + pause;
        s.loop().schedule(() -> s.connect(intended), pause, TimeUnit.NANOSECONDS);
    }

    /**
     * Closes every session on its loop and returns how many runs were still in flight (unfinished). Waits
     * at most 10 s in all: a stuck loop is not waited for, the loops are shut down by {@link #close()}.
     */
    long closeAll() {
        List<CompletableFuture<Integer>> closes = new ArrayList<>();
        for (ClientSession s : ctx.sessions) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            try {
                s.loop().execute(() -> f.complete(s.close()));
            } catch (RuntimeException e) {
                f.complete(0);
            }
            closes.add(f);
        }
        long unfinished = 0;
        long closeBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (CompletableFuture<Integer> f : closes) {
            try {
                unfinished += f.get(Math.max(0, closeBy - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                break;
            }
        }
        return unfinished;
    }

    /** Shuts the event loops down (waits up to 5 s). */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
