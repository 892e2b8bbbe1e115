package dev.crosstalk.harness.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.crosstalk.manager.AgentEvent;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One driver session (a browser tab of one user). Every field is touched only on the session's
 * own event loop, so nothing here takes a lock: runs, their event masks, timers and the checker's
 * per-session state are plain fields.
 *
 * <h2>Checker</h2>
 * For each golden-path event: a {@code run_id} this session issued is checked for duplicate
 * (the event's bit already set), order (an earlier golden-path step after a later one) and
 * completion; a {@code run_id} it did not issue is a <b>leak</b> unless the driver-wide run map says
 * another session of the same user issued it (a sibling tab: allowed); a {@code user_id} naming
 * another user is a leak whatever the run id. The {@code user_id} field is never trusted to decide
 * ownership: a rewritten {@code user_id} cannot hide a leak.
 */
final class ClientSession {

    private static final byte RUN_COMPLETED = 1;
    private static final byte RUN_LOST = 2;
    private static final byte RUN_ABANDONED = 3;
    private static final int RECENT = 32;

    /** One in-flight run. */
    private static final class Run {
        final String id;
        final long intendedNanos;
        int mask;
        int last = -1;
        ScheduledFuture<?> deadline;

        Run(String id, long intendedNanos) {
            this.id = id;
            this.intendedNanos = intendedNanos;
        }
    }

    private final LoadDriver.Shared shared;
    private final LoadState st;
    final int index;
    final int userIdx;
    final String user;
    private final int loopIdx;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress local;
    private final String token;
    private final boolean subprotocolAuth;
    private String thread;

    private Channel channel;
    /** The current connection attempt has failed (and was counted once). */
    private boolean attemptOver;
    private boolean up;
    private boolean finished;
    private long connectIntended;
    private ScheduledFuture<?> connectTimer;
    private int runsSent;
    private final Map<String, Run> inFlight = new HashMap<>();
    private final LinkedHashMap<String, Byte> recent = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Byte> e) {
            return size() > RECENT;
        }
    };
    /** Open model: intended start times of runs that came due while the session was not up. */
    private final ArrayDeque<Long> due = new ArrayDeque<>();

    ClientSession(LoadDriver.Shared shared, int index, int userIdx, int loopIdx, EventLoop loop, Bootstrap bootstrap,
                  InetSocketAddress local, String token, boolean subprotocolAuth) {
        this.shared = shared;
        this.st = shared.state;
        this.index = index;
        this.userIdx = userIdx;
        this.user = st.users[userIdx];
        this.loopIdx = loopIdx;
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.local = local;
        this.token = token;
        this.subprotocolAuth = subprotocolAuth;
        this.thread = "t-" + user + "-" + index + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    EventLoop loop() {
        return loop;
    }

    // ---- connecting --------------------------------------------------------------------------

    /** Connects; {@code intendedNanos} is when this attempt was scheduled to begin. On the loop. */
    void connect(long intendedNanos) {
        if (shared.stopping) {
            finish();
            return;
        }
        connectIntended = intendedNanos;
        attemptOver = false;
        st.connects.increment();
        URI base = shared.target;
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
        connectTimer = loop.schedule(() -> connectFailed("timed out"), shared.config.connectTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        InetSocketAddress remote = shared.remote;
        Bootstrap b = bootstrap.clone().handler(new io.netty.channel.ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new io.netty.handler.codec.http.HttpClientCodec(),
                        new io.netty.handler.codec.http.HttpObjectAggregator(16 * 1024),
                        new Handler(hs));
            }
        });
        ChannelFuture f = local == null ? b.connect(remote) : b.connect(remote, local);
        channel = f.channel();
        f.addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                connectFailed(String.valueOf(cf.cause()));
            }
        });
    }

    private void connectFailed(String why) {
        if (up || finished || attemptOver) {
            return;
        }
        attemptOver = true;
        if (connectTimer != null) {
            connectTimer.cancel(false);
        }
        st.connectFailed.increment();
        shared.noteError("connect " + shared.target + ": " + why);
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
        if (connectTimer != null) {
            connectTimer.cancel(false);
        }
        st.handshakeRefused.increment();
        shared.noteError("handshake refused with HTTP " + status);
        channel.close();
        dead();
    }

    /**
     * This session will start no more runs: runs never started count as not started; runs in
     * flight still end by their deadline (a loss if their events do not come).
     */
    private void dead() {
        dead = true;
        due.clear();
        maybeFinish();
    }

    private boolean dead;

    private void established(String serverThread) {
        if (up) {
            return;
        }
        if (connectTimer != null) {
            connectTimer.cancel(false);
        }
        up = true;
        if (serverThread != null && !serverThread.isBlank()) {
            thread = serverThread;
        }
        shared.latency.record(loopIdx, Latency.CONNECT, System.nanoTime() - connectIntended);
        st.sessionsUp.incrementAndGet();
        if (st.sessionsEverUp.incrementAndGet() == shared.sessions.length) {
            shared.allUp();
        }
        if (shared.holdRuns) {
            return;
        }
        afterUp();
    }

    /** Starts what is due. Called when established, or when a held load is released. On the loop. */
    void afterUp() {
        if (!up || finished) {
            return;
        }
        if (shared.open()) {
            while (!due.isEmpty() && up) {
                sendRun(due.poll());
            }
            if (up && !finished) {
                scheduleNextOpen();
            }
        } else if (inFlight.isEmpty()) {
            startNextClosed(System.nanoTime());
        }
        maybeFinish();
    }

    // ---- runs --------------------------------------------------------------------------------

    private boolean moreToStart(long intendedNanos) {
        if (shared.stopping || dead) {
            return false;
        }
        LoadConfig c = shared.config;
        if (c.runsPerSession() > 0) {
            return runsSent + due.size() < c.runsPerSession();
        }
        return intendedNanos < shared.runsEndNanos;
    }

    private void startNextClosed(long intended) {
        if (moreToStart(intended)) {
            sendRun(intended);
        }
    }

    private boolean nextOpenScheduled;

    /** Open model: run k of session i is due at t0 + (k·N + i) / rate. */
    private void scheduleNextOpen() {
        if (nextOpenScheduled || dead) {
            return;
        }
        int k = runsSent + due.size();
        long intended = shared.runsStartNanos
                + (long) (((double) k * shared.sessions.length + index) * 1e9 / shared.config.rate());
        if (!moreToStart(intended)) {
            return;
        }
        nextOpenScheduled = true;
        long delay = intended - System.nanoTime();
        loop.schedule(() -> {
            nextOpenScheduled = false;
            if (finished || shared.stopping) {
                maybeFinish();
                return;
            }
            if (up && !shared.holdRuns) {
                sendRun(intended);
            } else {
                due.add(intended);
            }
            scheduleNextOpen();
            maybeFinish();
        }, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    private void sendRun(long intended) {
        String runId = "r" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        Run run = new Run(runId, intended);
        inFlight.put(runId, run);
        st.runOwners.put(runId, userIdx);
        st.runsStarted.increment();
        st.userRuns.incrementAndGet(userIdx);
        runsSent++;
        run.deadline = loop.schedule(() -> deadlinePassed(run), shared.config.runTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        String msg = "{\"type\":\"start_agent\",\"payload\":{\"user_request\":\"crosstalk run " + runsSent
                + "\",\"thread_id\":\"" + thread + "\",\"run_id\":\"" + runId + "\"}}";
        channel.writeAndFlush(new TextWebSocketFrame(msg));
        if (shared.config.scenario() == Scenario.CHURN && runsSent % shared.config.churnEvery() == 0
                && moreToStart(System.nanoTime())) {
            churn();
        }
    }

    private void deadlinePassed(Run run) {
        if (inFlight.remove(run.id) == null) {
            return;
        }
        recent.put(run.id, RUN_LOST);
        forgetLater(run.id);
        st.loss(userIdx);
        runEnded();
    }

    /**
     * A run that ended stays in the driver-wide owner map long enough to attribute late leaks of
     * it, then goes, so that a long load's memory stays bounded.
     */
    private void forgetLater(String runId) {
        long keep = Math.max(TimeUnit.SECONDS.toNanos(60), 2 * shared.config.runTimeout().toNanos());
        loop.schedule(() -> st.runOwners.remove(runId), keep, TimeUnit.NANOSECONDS);
    }

    private void runEnded() {
        if (!shared.open() && up) {
            startNextClosed(System.nanoTime());
        }
        maybeFinish();
    }

    private void complete(Run run, long now) {
        inFlight.remove(run.id);
        run.deadline.cancel(false);
        recent.put(run.id, RUN_COMPLETED);
        forgetLater(run.id);
        st.runsCompleted.increment();
        shared.latency.record(loopIdx, Latency.RUN, now - run.intendedNanos);
        runEnded();
    }

    /** Churn: drop the connection with the run just sent in flight, then reconnect. */
    private void churn() {
        for (Iterator<Run> it = inFlight.values().iterator(); it.hasNext(); ) {
            Run r = it.next();
            it.remove();
            r.deadline.cancel(false);
            recent.put(r.id, RUN_ABANDONED);
            st.runsAbandoned.increment();
        }
        Channel old = channel;
        channel = null;
        up = false;
        st.sessionsUp.decrementAndGet();
        old.close();
        st.reconnects.increment();
        long pause = TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(1, 20));
        long intended = System.nanoTime() + pause;
        loop.schedule(() -> connect(intended), pause, TimeUnit.NANOSECONDS);
    }

    private void maybeFinish() {
        if (finished || !inFlight.isEmpty()) {
            return;
        }
        boolean more = !dead && (shared.open() ? (nextOpenScheduled || !due.isEmpty())
                : moreToStart(System.nanoTime()));
        if (!more || shared.stopping) {
            finish();
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            shared.sessionFinished();
        }
    }

    /** At the end: in-flight runs are unfinished (not losses); close the connection. On the loop. */
    int close() {
        int unfinished = inFlight.size();
        for (Run r : inFlight.values()) {
            r.deadline.cancel(false);
        }
        inFlight.clear();
        finish();
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
        }
        return unfinished;
    }

    // ---- events ------------------------------------------------------------------------------

    private void onText(ByteBuf content) {
        long now = System.nanoTime();
        byte[] bytes;
        int off;
        int len = content.readableBytes();
        if (content.hasArray()) {
            bytes = content.array();
            off = content.arrayOffset() + content.readerIndex();
        } else {
            bytes = shared.scratch(loopIdx, len);
            content.getBytes(content.readerIndex(), bytes, 0, len);
            off = 0;
        }
        String type = null;
        String runId = null;
        String userId = null;
        String threadId = null;
        try (JsonParser p = shared.json.createParser(bytes, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                st.protocolErrors.increment();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_STRING) {
                    switch (name) {
                        case "type" -> type = p.getText();
                        case "run_id" -> runId = p.getText();
                        case "user_id" -> userId = p.getText();
                        case "thread_id" -> threadId = p.getText();
                        default -> { }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            st.protocolErrors.increment();
            return;
        }
        if (type == null) {
            st.protocolErrors.increment();
            return;
        }
        int step = AgentEvent.goldenPathIndex(type);
        if (step >= 0 || AgentEvent.AGENT_ERROR.equals(type)) {
            onEvent(type, step, runId, userId, now);
            return;
        }
        switch (type) {
            case "connection_established" -> established(threadId);
            case "error" -> {
                st.serverErrors.increment();
                shared.noteError("server error reply: " + new String(bytes, off, Math.min(len, 300),
                        StandardCharsets.UTF_8));
                Run r = runId == null ? null : inFlight.remove(runId);
                if (r != null) {
                    r.deadline.cancel(false);
                    st.runsRefused.increment();
                    runEnded();
                }
            }
            case "pong" -> { }
            default -> st.protocolErrors.increment();
        }
    }

    private void onEvent(String type, int step, String runId, String userId, long now) {
        st.events.increment();
        if (runId == null) {
            st.protocolErrors.increment();
            return;
        }
        Run run = inFlight.get(runId);
        if (!shared.config.checker()) {
            if (run != null && step == AgentEvent.GOLDEN_PATH.size() - 1) {
                if (run.mask == 0) {
                    shared.latency.record(loopIdx, Latency.FIRST_EVENT, now - run.intendedNanos);
                }
                complete(run, now);
            } else if (run != null && run.mask == 0) {
                run.mask = 1;
                shared.latency.record(loopIdx, Latency.FIRST_EVENT, now - run.intendedNanos);
            }
            return;
        }
        // user_id naming another user is a leak whatever the run id says.
        boolean userMismatch = userId != null && !userId.equals(user);
        if (run == null) {
            Byte past = recent.get(runId);
            if (past != null) {
                if (userMismatch) {
                    st.leak(userIdx, namedUser(userId), type, runId);
                }
                switch (past) {
                    case RUN_COMPLETED -> st.duplicates.increment();
                    case RUN_LOST -> st.lateEvents.increment();
                    default -> st.siblingEvents.increment(); // events of an abandoned run, drained on reconnect
                }
                return;
            }
            Integer owner = st.runOwners.get(runId);
            if (owner == null) {
                st.leak(userIdx, userMismatch ? namedUser(userId) : -1, type, runId);
            } else if (owner != userIdx) {
                st.leak(userIdx, owner, type, runId);
            } else {
                // Another tab of the same user started it: not a leak.
                if (userMismatch) {
                    st.leak(userIdx, namedUser(userId), type, runId);
                }
                st.siblingEvents.increment();
            }
            return;
        }
        if (userMismatch) {
            st.leak(userIdx, namedUser(userId), type, runId);
        }
        if (step < 0) {
            // agent_error ends the run early: not a golden-path completion, not a loss either.
            inFlight.remove(runId);
            run.deadline.cancel(false);
            recent.put(runId, RUN_COMPLETED);
            st.agentErrors.increment();
            runEnded();
            return;
        }
        int bit = 1 << step;
        if ((run.mask & bit) != 0) {
            st.duplicates.increment();
            return;
        }
        if (step < run.last) {
            st.orderViolations.increment();
        }
        if (run.mask == 0) {
            shared.latency.record(loopIdx, Latency.FIRST_EVENT, now - run.intendedNanos);
        }
        run.mask |= bit;
        run.last = Math.max(run.last, step);
        if (run.mask == (1 << AgentEvent.GOLDEN_PATH.size()) - 1) {
            complete(run, now);
        }
    }

    private int namedUser(String userId) {
        Integer i = st.userIndex.get(userId);
        return i == null ? -1 : i;
    }

    // ---- the channel handler ----------------------------------------------------------------

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private final WebSocketClientHandshaker hs;

        Handler(WebSocketClientHandshaker hs) {
            this.hs = hs;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            hs.handshake(ctx.channel());
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (!hs.isHandshakeComplete()) {
                if (msg instanceof FullHttpResponse res) {
                    if (res.status().code() != 101) {
                        refused(res.status().code());
                        return;
                    }
                    try {
                        hs.finishHandshake(ctx.channel(), res);
                    } catch (RuntimeException e) {
                        if (attemptOver) {
                            return;
                        }
                        attemptOver = true;
                        st.handshakeRefused.increment();
                        shared.noteError("handshake failed: " + e.getMessage());
                        ctx.close();
                        if (connectTimer != null) {
                            connectTimer.cancel(false);
                        }
                        dead();
                    }
                }
                return;
            }
            if (msg instanceof TextWebSocketFrame text) {
                if (ctx.channel() == channel) {
                    onText(text.content());
                }
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                if (ctx.channel() == channel && !shared.stopping) {
                    shared.noteError("server closed the session: " + close.statusCode() + " " + close.reasonText());
                }
                ctx.close();
            } else if (msg instanceof WebSocketFrame) {
                st.protocolErrors.increment();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel() == channel && !shared.stopping) {
                if (up) {
                    // Dropped by the server while we did not churn it: what is in flight will be lost by its deadline.
                    up = false;
                    st.sessionsUp.decrementAndGet();
                    st.serverClosed.increment();
                    dead();
                } else if (!finished) {
                    connectFailed("connection closed before the session was established");
                }
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            shared.noteError("session " + index + ": " + cause);
            ctx.close();
        }
    }
}
