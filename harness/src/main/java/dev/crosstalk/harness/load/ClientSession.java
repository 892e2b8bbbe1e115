package dev.crosstalk.harness.load;

import dev.crosstalk.manager.AgentEvent;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One driver session (a browser tab of one user): its connection, the runs it starts (closed or open
 * model, churn) and the messages it reads, handed to its {@link RunChecker}. Every field, the checker
 * included, is touched only on the session's own event loop, so nothing here takes a lock.
 */
final class ClientSession {

    private final LoadContext ctx;
    private final LoadState st;
    final int index;
    private final int loopIdx;
    /** This tab's user's place among the whole job's users (the owner a run id names). */
    private final int jobUser;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress local;
    private final String token;
    private final boolean subprotocolAuth;
    private final RunChecker checker;
    private String thread;

    private Channel channel;
    /** Churn: the old connection, closing, still read until the server's close reply. */
    private Channel draining;
    /** The close status the server sent before the session was established (1011: it refused to set it up), or 0. */
    private int closeBeforeUp;
    /** The server sent a WebSocket close on the current connection (it is alive and said why it closed). */
    private boolean closeFrameSeen;
    /** The current connection attempt has failed (and was counted once). */
    private boolean attemptOver;
    private boolean up;
    /** This session will start no more runs (its connection failed or was dropped by the server). */
    private boolean dead;
    private boolean finished;
    private long connectIntended;
    private ScheduledFuture<?> connectTimer;
    private int runsSent;
    private boolean nextOpenScheduled;
    /** First-use: the user's latch this tab's first upgrade waits at (null in other scenarios). */
    private FirstUseGate gate;
    /** This tab has been to its gate (with its upgrade, or without after a failed connect). */
    private boolean gatePassed;
    /** Churn: how long an old connection may take to close before it is dropped. */
    private static final int DRAIN_LIMIT_SECONDS = 5;
    /** Open model: intended start times of runs that came due while the session was not up. */
    private final ArrayDeque<Long> due = new ArrayDeque<>();

    ClientSession(LoadContext ctx, int index, int userIdx, int loopIdx, EventLoop loop, Bootstrap bootstrap,
                  InetSocketAddress local, String token, boolean subprotocolAuth) {
        this.ctx = ctx;
        this.st = ctx.state;
        this.index = index;
        this.loopIdx = loopIdx;
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.local = local;
        this.token = token;
        this.subprotocolAuth = subprotocolAuth;
        this.checker = new RunChecker(ctx, loop, loopIdx, userIdx, index, this::runEnded);
        this.jobUser = ctx.state.global(userIdx);
        // Tab t of a user is session u + t·users; tabs t / tabsPerThread share a thread.
        this.thread = Identities.thread(ctx.config.ids(), st.users[userIdx], jobUser,
                index / st.users.length / ctx.config.tabsPerThread(), ctx.threadNonce);
    }

    EventLoop loop() {
        return loop;
    }

    /** First-use: the first upgrade waits at {@code g} for the user's other tabs. Before the first connect. */
    void gate(FirstUseGate g) {
        gate = g;
    }

    // ---- connecting --------------------------------------------------------------------------

    /** Connects; {@code intendedNanos} is when this attempt was scheduled to begin. On the loop. */
    void connect(long intendedNanos) {
        if (ctx.stopping) {
            finish();
            return;
        }
        connectIntended = intendedNanos;
        attemptOver = false;
        closeBeforeUp = 0;
        closeFrameSeen = false;
        st.connects.increment();
        URI base = ctx.target;
        URI uri = URI.create(base.toString() + (base.getQuery() == null ? "?" : "&") + "thread_id="
                + URLEncoder.encode(thread, StandardCharsets.UTF_8));
        HttpHeaders headers = new DefaultHttpHeaders();
        String subprotocol = null;
        if (subprotocolAuth) {
            subprotocol = "jwt." + token;
        } else {
            headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
        }
        WebSocketClientHandshaker hs = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13,
                subprotocol, false, headers, 64 * 1024);
        connectTimer = loop.schedule(() -> connectFailed("timed out"), ctx.config.connectTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(16 * 1024), new Handler(hs));
            }
        });
        ChannelFuture f = local == null ? b.connect(ctx.remote) : b.connect(ctx.remote, local);
        channel = f.channel();
        f.addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                if (cf.cause() instanceof ConnectException && st.sessionsEverUp.get() > 0) {
                    // the target accepted sessions before: is it gone? (a refusal at the start is "no session")
                    ctx.health.connectRefused(ctx.target, ctx.remote);
                }
                connectFailed(String.valueOf(cf.cause()));
            }
        });
    }

    private void connectFailed(String why) {
        if (up || finished || attemptOver) {
            return;
        }
        attemptOver = true;
        cancelConnectTimer();
        if (gate != null && !gatePassed) {
            gatePassed = true;
            gate.arrive(loop, null); // the user's other tabs are not kept waiting for this one
        }
        st.connectFailed.increment();
        if (ctx.config.scenario() == Scenario.PRESSURE && channel != null && channel.isActive()) {
            // Connected, never answered: under pressure a refusal must be loud, and this one was silent.
            st.silentRefusals.increment();
        }
        ctx.noteError("connect " + ctx.target + ": " + why);
        if (channel != null) {
            channel.close();
        }
        dead();
    }

    private void refused(int status) {
        if (attemptOver) {
            return;
        }
        attemptOver = true;
        cancelConnectTimer();
        st.handshakeRefused.increment();
        ctx.noteError("handshake refused with HTTP " + status);
        channel.close();
        dead();
    }

    private void handshakeFailed(ChannelHandlerContext chc, RuntimeException e) {
        if (attemptOver) {
            return;
        }
        attemptOver = true;
        st.handshakeRefused.increment();
        ctx.noteError("handshake failed: " + e.getMessage());
        chc.close();
        cancelConnectTimer();
        dead();
    }

    /**
     * The server accepted the upgrade, then refused to set the session up (1011): a valid user denied
     * service, a finding (unless the scenario asked for more than the server may grant).
     */
    private void setUpRefused() {
        if (attemptOver) {
            return;
        }
        attemptOver = true;
        cancelConnectTimer();
        if (ctx.config.scenario() == Scenario.PRESSURE) {
            // Expected past a per-user limit, and loud: the runs this tab would have started are forgone,
            // and so is the recovery of what it abandoned (the user was told no).
            st.loudRefusals.increment();
            if (ctx.config.runsPerSession() > 0) {
                st.runsForgone.add(Math.max(0, ctx.config.runsPerSession() - runsSent));
            }
            checker.forgoRecoveries();
        } else {
            st.sessionsRefused.increment();
        }
        dead();
    }

    private void cancelConnectTimer() {
        if (connectTimer != null) {
            connectTimer.cancel(false);
        }
    }

    /**
     * This session will start no more runs: runs never started count as not started; runs in flight
     * still end by their deadline (a loss if their events do not come).
     */
    private void dead() {
        dead = true;
        due.clear();
        maybeFinish();
    }

    private void established(String serverThread) {
        if (up) {
            return;
        }
        cancelConnectTimer();
        up = true;
        if (serverThread != null && !serverThread.isBlank()) {
            thread = serverThread;
        }
        ctx.latency.record(loopIdx, Latency.CONNECT, System.nanoTime() - connectIntended);
        st.sessionsUp.incrementAndGet();
        if (st.sessionsEverUp.incrementAndGet() == ctx.sessions.length) {
            ctx.allUp();
        }
        if (ctx.holdRuns) {
            return;
        }
        afterUp();
    }

    /** Starts what is due. Called when established, or when a held load is released. On the loop. */
    void afterUp() {
        if (!up || finished) {
            return;
        }
        if (ctx.open()) {
            while (!due.isEmpty() && up) {
                sendRun(due.poll());
            }
            if (up && !finished) {
                scheduleNextOpen();
            }
        } else {
            startNextClosed(System.nanoTime());
        }
        maybeFinish();
    }

    // ---- runs --------------------------------------------------------------------------------

    private boolean moreToStart(long intendedNanos) {
        if (ctx.stopping || dead) {
            return false;
        }
        LoadConfig c = ctx.config;
        if (c.runsPerSession() > 0) {
            return runsSent + due.size() < c.runsPerSession();
        }
        return intendedNanos < ctx.runsEndNanos;
    }

    /** Closed model: tops the runs in flight up to {@code --runs-in-flight} (a drop ends the top-up). */
    private void startNextClosed(long intended) {
        while (up && checker.inFlight() < ctx.config.runsInFlight() && moreToStart(intended)) {
            sendRun(intended);
        }
    }

    /** Open model: run k of session i is due at t0 + (k·N + i) / rate. */
    private void scheduleNextOpen() {
        if (nextOpenScheduled || dead) {
            return;
        }
        int k = runsSent + due.size();
        long intended = ctx.runsStartNanos
                + (long) (((double) k * ctx.sessions.length + index) * 1e9 / ctx.config.rate());
        if (!moreToStart(intended)) {
            return;
        }
        nextOpenScheduled = true;
        long delay = intended - System.nanoTime();
        loop.schedule(() -> {
            nextOpenScheduled = false;
            if (finished || ctx.stopping) {
                maybeFinish();
                return;
            }
            if (up && !ctx.holdRuns) {
                sendRun(intended);
            } else {
                due.add(intended);
            }
            scheduleNextOpen();
            maybeFinish();
        }, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    private void sendRun(long intended) {
        // A random nonce, the owner's place among the job's users and a MAC over both: any shard names the owner.
        String runId = ctx.runIds.mint(ThreadLocalRandom.current().nextLong(), jobUser);
        checker.started(runId, intended);
        runsSent++;
        String msg = "{\"type\":\"start_agent\",\"payload\":{\"user_request\":\"crosstalk run " + runsSent
                + "\",\"thread_id\":\"" + jsonEscaped(thread) + "\",\"run_id\":\"" + runId + "\"}}";
        channel.writeAndFlush(new TextWebSocketFrame(msg));
        if (ctx.config.scenario().dropsSessions() && runsSent % ctx.config.churnEvery() == 0
                && moreToStart(System.nanoTime())) {
            churn();
        }
    }

    /** {@code s} as the inside of a JSON string (ids are chosen by the driver, but may hold any character). */
    static String jsonEscaped(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** The checker saw a run end: the closed model starts the next one. */
    private void runEnded() {
        if (!ctx.open() && up) {
            startNextClosed(System.nanoTime());
        }
        maybeFinish();
    }

    /**
     * Churn: close the connection with the run just sent in flight (a WebSocket close, as a tab that is
     * closed or reloaded does), then reconnect. Until the server's close reply the old connection is
     * still read: the events the server delivered before it saw the close are part of this tab's stream,
     * the rest must reach another connection of the user. The reconnect waits for the old connection to
     * close (at most {@link #DRAIN_LIMIT_SECONDS}), so one tab never holds two connections.
     */
    private void churn() {
        checker.abandonAll();
        Channel old = channel;
        channel = null;
        draining = old;
        up = false;
        st.sessionsUp.decrementAndGet();
        st.reconnects.increment();
        old.writeAndFlush(new CloseWebSocketFrame());
        ScheduledFuture<?> guard = loop.schedule(() -> {
            old.close();
        }, DRAIN_LIMIT_SECONDS, TimeUnit.SECONDS);
        old.closeFuture().addListener(f -> {
            guard.cancel(false);
            if (draining == old) {
                draining = null;
            }
            Launcher.reconnectSoon(this, ctx.config.scenario() == Scenario.PRESSURE ? ctx.config.pressureIdleGap() : null);
        });
    }

    private void maybeFinish() {
        if (finished || !checker.idle()) {
            return;
        }
        boolean more = !dead && (ctx.open() ? (nextOpenScheduled || !due.isEmpty())
                : moreToStart(System.nanoTime()));
        if (!more || ctx.stopping) {
            finish();
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            ctx.sessionFinished();
        }
    }

    /** At the end: in-flight runs are unfinished (not losses); close the connection. On the loop. */
    int close() {
        int unfinished = checker.stopAll();
        finish();
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
        }
        return unfinished;
    }

    // ---- messages ----------------------------------------------------------------------------

    private void onText(ByteBuf content) {
        long now = System.nanoTime();
        byte[] bytes;
        int off;
        int len = content.readableBytes();
        if (content.hasArray()) {
            bytes = content.array();
            off = content.arrayOffset() + content.readerIndex();
        } else {
            bytes = ctx.scratch(loopIdx, len);
            content.getBytes(content.readerIndex(), bytes, 0, len);
            off = 0;
        }
        ServerMessage m = ServerMessage.parse(ctx.json, bytes, off, len);
        if (m == null) {
            st.protocolErrors.increment();
            return;
        }
        int step = AgentEvent.goldenPathIndex(m.type());
        if (step >= 0 || AgentEvent.AGENT_ERROR.equals(m.type())) {
            checker.onEvent(m.type(), step, m.runId(), m.userId(), now);
            return;
        }
        switch (m.type()) {
            case "connection_established" -> established(m.threadId());
            case "error" -> {
                st.serverErrors.increment();
                ctx.noteError("server error reply: " + new String(bytes, off, Math.min(len, 300),
                        StandardCharsets.UTF_8));
                checker.refused(m.runId());
            }
            case "pong" -> { }
            default -> st.protocolErrors.increment();
        }
    }

    // ---- the channel handler ----------------------------------------------------------------

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private final WebSocketClientHandshaker hs;

        Handler(WebSocketClientHandshaker hs) {
            this.hs = hs;
        }

        @Override
        public void channelActive(ChannelHandlerContext chc) throws Exception {
            Channel ch = chc.channel();
            if (gate != null && !gatePassed) {
                gatePassed = true;
                gate.arrive(loop, () -> {
                    if (ch == channel && ch.isActive()) {
                        hs.handshake(ch);
                    }
                });
            } else {
                hs.handshake(ch);
            }
            super.channelActive(chc);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext chc, Object msg) {
            if (!hs.isHandshakeComplete()) {
                if (msg instanceof FullHttpResponse res) {
                    if (res.status().code() != 101) {
                        refused(res.status().code());
                        return;
                    }
                    try {
                        hs.finishHandshake(chc.channel(), res);
                    } catch (RuntimeException e) {
                        handshakeFailed(chc, e);
                    }
                }
                return;
            }
            if (msg instanceof TextWebSocketFrame text) {
                if (chc.channel() == channel || chc.channel() == draining) {
                    onText(text.content());
                }
            } else if (msg instanceof PingWebSocketFrame ping) {
                chc.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                if (chc.channel() == channel) {
                    closeFrameSeen = true;
                }
                if (chc.channel() == channel && !up) {
                    closeBeforeUp = close.statusCode();
                }
                if (chc.channel() == channel && !ctx.stopping) {
                    ctx.noteError("server closed the session: " + close.statusCode() + " " + close.reasonText());
                }
                chc.close();
            } else if (msg instanceof WebSocketFrame) {
                st.protocolErrors.increment();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext chc) throws Exception {
            if (chc.channel() == channel && !ctx.stopping) {
                if (up) {
                    // Dropped by the server while we did not churn it: what is in flight will be lost by its deadline,
                    // unless the target itself is gone (no close frame, and a probe finds it refusing connections).
                    if (!closeFrameSeen) {
                        ctx.health.droppedWithoutClose(ctx.target, ctx.remote);
                    }
                    up = false;
                    st.sessionsUp.decrementAndGet();
                    st.serverClosed.increment();
                    dead();
                } else if (!finished && closeBeforeUp == WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code()) {
                    setUpRefused();
                } else if (!finished) {
                    connectFailed("connection closed before the session was established");
                }
            }
            super.channelInactive(chc);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext chc, Throwable cause) {
            ctx.noteError("session " + index + ": " + cause);
            chc.close();
        }
    }
}
