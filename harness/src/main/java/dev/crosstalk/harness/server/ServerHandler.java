package dev.crosstalk.harness.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.Sharing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection of the golden-path server, from the HTTP upgrade to the close.
 *
 * <h2>Flow</h2>
 * <ol>
 *   <li><b>Upgrade</b> (event loop): the token is taken from {@code Authorization: Bearer} or a
 *       {@code jwt.<token>} subprotocol (then echoed); missing, bad or expired → HTTP 401 and the
 *       connection closes: no WebSocket session ever exists for it.</li>
 *   <li><b>Session set-up</b> (setup pool, not the event loop): the session context is built from
 *       the token's {@code sub}, the session's thread (the {@code thread_id} query parameter if
 *       given and not another user's, else {@code th-} and 128 random bits) and the connection id, and
 *       {@code backend.open(ctx, connection, onReady)} is called. {@code onReady} writes
 *       {@code connection_established} at once. If {@code open} throws, the session closes with 1011
 *       (a token naming a placeholder user was refused at the upgrade, 401).</li>
 *   <li><b>Requests</b> (event loop parses, agent pool runs): because {@code open} runs off the
 *       event loop, a client's {@code start_agent} sent right after {@code connection_established}
 *       is read and started while {@code open} may still be running. The run obtains its manager
 *       with {@code session.managerForRun(runCtx)} once {@code open} returned; before that, paths
 *       that share managers ({@link Sharing} other than {@code PER_CALL}) obtain it exactly as their
 *       callers do, {@code backend.obtain(runCtx)}, and a {@code PER_CALL} path (whose manager exists
 *       only inside the session) waits for {@code open} to return. This is the window a
 *       register-after-ready defect needs; correct paths are unaffected.</li>
 * </ol>
 */
final class ServerHandler extends SimpleChannelInboundHandler<Object> {

    /** The largest message (frame, or frames aggregated) a client may send; larger: closed with 1009. */
    static final int MAX_MESSAGE = 64 * 1024;

    private final ServerState state;
    /** Event loop only, like every field of the handler. */
    private WebSocketServerHandshaker handshaker;
    private Session session;
    private ScheduledFuture<?> handshakeTimer;

    ServerHandler(ServerState state) {
        this.state = state;
    }

    /** One open WebSocket session. {@code managed} is set once {@code open} returned. */
    private static final class Session {
        final String connectionId;
        final String user;
        final String thread;
        final Channel channel;
        final ChannelEventSink sink;
        final CompletableFuture<ManagedSession> opened = new CompletableFuture<>();
        volatile ManagedSession managed;
        volatile boolean closed;
        volatile long readyNanos;
        /** Event loop only. */
        boolean firstStartSeen;
        /** The frame rate window (event loop only). */
        long windowStartNanos = System.nanoTime();
        int framesInWindow;
        /** Threads this session claimed; touched on the event loop only. */
        final Set<String> claims = new HashSet<>();
        /** Runs this session started that are still emitting (any thread). */
        final AtomicInteger runsInFlight = new AtomicInteger();
        /** Set once the session's end was handed to the backend (and, PER_CALL, to the orphans). */
        final AtomicBoolean ended = new AtomicBoolean();
        Connection connection;

        Session(String connectionId, String user, String thread, Channel channel, ChannelEventSink sink) {
            this.connectionId = connectionId;
            this.user = user;
            this.thread = thread;
            this.channel = channel;
            this.sink = sink;
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req) {
            handleUpgrade(ctx, req);
        } else if (msg instanceof WebSocketFrame frame) {
            handleFrame(ctx, frame);
        }
    }

    // ---- upgrade ---------------------------------------------------------------------------

    private void handleUpgrade(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            state.stats.badRequests.increment();
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "bad request");
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        if (!query.path().equals(state.config.path())) {
            state.stats.badRequests.increment();
            respond(ctx, HttpResponseStatus.NOT_FOUND, "no WebSocket at " + query.path()
                    + "; use " + state.config.path());
            return;
        }
        if (!"websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
            state.stats.badRequests.increment();
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "expected a WebSocket upgrade");
            return;
        }
        String token = null;
        String selectedSubprotocol = null;
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).strip();
        }
        String protocols = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (protocols != null) {
            for (String p : protocols.split(",")) {
                String s = p.strip();
                if (s.startsWith("jwt.") && s.length() > 4) {
                    selectedSubprotocol = s;
                    if (token == null) {
                        token = s.substring(4);
                    }
                    break;
                }
            }
        }
        String user = token == null ? null : state.jwt.verify(token).orElse(null);
        String refusal = token == null ? "missing token" : user == null ? "invalid or expired token" : placeholder(user);
        if (refusal != null) {
            state.stats.authRejected.increment();
            FullHttpResponse res = response(HttpResponseStatus.UNAUTHORIZED, refusal);
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (state.inPenalty(user)) {
            // Closed as a flooder a moment ago: no new session (and no set-up work) until its penalty is over.
            state.stats.floodPenaltyRefused.increment();
            FullHttpResponse res = response(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "user closed for flooding; retry after " + state.config.limits().floodPenalty().toSeconds() + " s");
            res.headers().set(HttpHeaderNames.RETRY_AFTER, state.config.limits().floodPenalty().toSeconds());
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        List<String> threadParam = query.parameters().get("thread_id");
        String requestedThread = threadParam == null || threadParam.isEmpty() ? null : threadParam.get(0);

        String wsUrl = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + state.config.path();
        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(wsUrl,
                selectedSubprotocol, false, MAX_MESSAGE);
        handshaker = factory.newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        Channel ch = ctx.channel();
        String finalUser = user;
        handshaker.handshake(ch, req).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                ch.close();
                return;
            }
            cancelHandshakeTimer();
            // The handshaker removed the HTTP aggregator and codec; WebSocket frames come now.
            if (ch.pipeline().get("aggregator") != null) {
                ch.pipeline().remove("aggregator");
            }
            ch.pipeline().addBefore("handler", "ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE));
            long idleMs = state.config.limits().idleTimeout().toMillis();
            ch.pipeline().addBefore("ws-aggregator", "idle", new IdleStateHandler(0, 0, idleMs, TimeUnit.MILLISECONDS));
            setUp(ch, finalUser, requestedThread);
        });
    }

    private void setUp(Channel ch, String user, String requestedThread) {
        String connectionId = "c" + state.connectionIds.incrementAndGet();
        String thread = state.newThreadId();
        if (requestedThread != null && !requestedThread.isBlank()
                && requestedThread.length() <= ServerLimits.MAX_THREAD_ID && state.claim(requestedThread, user)) {
            thread = requestedThread;
        } else {
            state.claim(thread, user);
        }
        ChannelEventSink sink = new ChannelEventSink(ch, state.json, state.config.maxOutboundBytes(),
                state.config.limits().maxPendingReplies(), state.stats, () -> state.penalise(user));
        Session s = new Session(connectionId, user, thread, ch, sink);
        s.claims.add(thread);
        session = s;
        state.stats.sessionsOpened.increment();
        state.setupPool.execute(() -> open(s));
    }

    /** On the setup pool. */
    private void open(Session s) {
        try {
            UserExecutionContext ctx = new UserExecutionContext(s.user, s.thread, "session-" + s.connectionId,
                    UserExecutionContext.generateRequestId(), s.connectionId);
            Connection connection = new Connection(s.connectionId, s.user, null, Instant.now(), s.sink);
            s.connection = connection;
            ManagedSession managed = state.backend.open(ctx, connection, () -> sendEstablished(s));
            s.managed = managed;
            if (perCall()) {
                state.orphans.opened(s.user, connection);
            }
            s.opened.complete(managed);
            if (s.closed) {
                end(s, managed);
            }
        } catch (RuntimeException | Error e) {
            state.stats.setupFailures.increment();
            s.opened.completeExceptionally(e);
            String reason = String.valueOf(e.getMessage());
            s.channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INTERNAL_SERVER_ERROR,
                            truncate("session set-up failed: " + reason, 120)))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void sendEstablished(Session s) {
        ByteBuf buf = s.channel.alloc().buffer(256);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf);
             JsonGenerator g = state.json.createGenerator((OutputStream) out)) {
            g.writeStartObject();
            g.writeStringField("type", "connection_established");
            g.writeStringField("connection_id", s.connectionId);
            g.writeStringField("user_id", s.user);
            g.writeStringField("thread_id", s.thread);
            g.writeArrayFieldStart("golden_path_events");
            for (String t : AgentEvent.GOLDEN_PATH) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        }
        s.readyNanos = System.nanoTime();
        s.sink.reply(new TextWebSocketFrame(buf));
    }

    // ---- frames ----------------------------------------------------------------------------

    private void handleFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (session != null && !withinFrameRate(ctx, session)) {
            return;
        }
        if (frame instanceof CloseWebSocketFrame close) {
            // The client closes: refuse further events on this connection (the manager queues them), and
            // reply behind the events already handed to the channel by other threads (they are queued
            // tasks of this loop), so the client reads every event that was delivered before the close.
            if (session != null) {
                session.sink.closing();
            }
            CloseWebSocketFrame reply = close.retain();
            Channel ch = ctx.channel();
            ch.eventLoop().execute(() -> handshaker.close(ch, reply));
            return;
        }
        if (frame instanceof PingWebSocketFrame) {
            // Through the session's reply bound, like every reply: a ping flood that reads no pongs is closed.
            if (session != null) {
                session.sink.reply(new PongWebSocketFrame(frame.content().retain()));
            }
            return;
        }
        if (frame instanceof PongWebSocketFrame) {
            return;
        }
        if (frame instanceof BinaryWebSocketFrame) {
            error(null, "unsupported", "binary frames are not part of the protocol");
            return;
        }
        if (!(frame instanceof TextWebSocketFrame text) || session == null) {
            return;
        }
        JsonNode msg;
        try {
            msg = state.mapper.readTree(text.text());
        } catch (IOException e) {
            error(null, "invalid_json", "the message is not valid JSON");
            return;
        }
        if (msg == null || !msg.isObject()) {
            error(null, "invalid_json", "the message must be a JSON object");
            return;
        }
        String type = msg.path("type").asText(null);
        if ("ping".equals(type)) {
            reply(session, "{\"type\":\"pong\"}");
            return;
        }
        if (!"start_agent".equals(type)) {
            error(null, "unknown_type", type == null ? "the message has no type" : "unknown type: " + type);
            return;
        }
        startAgent(msg);
    }

    /**
     * The per-session frame rate bound: a session that sends more than {@code maxFramesPerSecond / 10} frames
     * within 100 ms is a flood (it takes an event loop from every other session on it, even while it reads its
     * replies): closed with 1008, and nothing more of it is read or answered. Counted over 100 ms, not over a
     * second, so that a flood is stopped before its burst (up to a second of frames read in one go) holds up
     * the event loop's other sessions. Event loop only.
     */
    private boolean withinFrameRate(ChannelHandlerContext ctx, Session s) {
        if (!s.sink.isOpen()) {
            return false;
        }
        long now = System.nanoTime();
        if (now - s.windowStartNanos > 100_000_000L) {
            s.windowStartNanos = now;
            s.framesInWindow = 0;
        }
        int perSecond = state.config.limits().maxFramesPerSecond();
        if (++s.framesInWindow <= Math.max(1, perSecond / 10)) {
            return true;
        }
        ctx.channel().config().setAutoRead(false);
        state.penalise(s.user);
        s.sink.close(WebSocketCloseStatus.POLICY_VIOLATION, "flooding: more than " + perSecond + " frames per second",
                state.stats.floodersClosed);
        return false;
    }

    private void startAgent(JsonNode msg) {
        Session s = session;
        JsonNode payload = msg.path("payload");
        String runId = payload.path("run_id").asText(null);
        String threadId = payload.path("thread_id").asText(null);
        if (!payload.isObject() || runId == null || threadId == null) {
            error(runId == null ? null : truncate(runId, ServerLimits.MAX_RUN_ID), "invalid_request",
                    "start_agent needs payload.run_id and payload.thread_id");
            return;
        }
        if (runId.length() > ServerLimits.MAX_RUN_ID || threadId.length() > ServerLimits.MAX_THREAD_ID) {
            error(runId.length() > ServerLimits.MAX_RUN_ID ? null : runId, "invalid_request",
                    "run_id and thread_id are at most " + ServerLimits.MAX_THREAD_ID + " characters, got "
                            + runId.length() + " and " + threadId.length());
            return;
        }
        for (JsonNode n : new JsonNode[] {msg.get("user_id"), payload.get("user_id")}) {
            if (n != null && !n.isNull() && !n.asText().equals(s.user)) {
                error(runId, "forbidden", "user_id names another user than the authenticated one");
                return;
            }
        }
        // A session runs on the thread the server confirmed in connection_established, or on a thread its user
        // holds through another live session; a thread nobody gave it is refused (no squatting on a thread before
        // its owner connects), and so is another user's (same reply: whether it exists is not told).
        if (!s.claims.contains(threadId)) {
            if (s.claims.size() >= state.config.limits().maxThreadsPerSession()) {
                error(runId, "too_many_threads", "a session may hold at most "
                        + state.config.limits().maxThreadsPerSession() + " threads");
                return;
            }
            if (!state.claimOwned(threadId, s.user)) {
                error(runId, "forbidden", "thread " + threadId + " was not given to this session"
                        + " and is not held by its user");
                return;
            }
            s.claims.add(threadId);
        }
        if (s.runsInFlight.get() >= state.config.limits().maxRunsInFlight()) {
            error(runId, "too_many_runs", "a session may have at most " + state.config.limits().maxRunsInFlight()
                    + " runs in flight");
            return;
        }
        UserExecutionContext run;
        try {
            run = new UserExecutionContext(s.user, threadId, runId, UserExecutionContext.generateRequestId(),
                    s.connectionId);
        } catch (IllegalArgumentException e) {
            error(runId, "invalid_request", e.getMessage());
            return;
        }
        String userRequest = truncate(payload.path("user_request").asText(""), 256);
        s.runsInFlight.incrementAndGet();
        AgentSimulator sim = new AgentSimulator(state, run, userRequest, () -> managerFor(s, run),
                e -> error(s, runId, "run_failed", e.getClass().getSimpleName() + ": " + e.getMessage()),
                () -> runEnded(s));
        ManagedSession managed = s.managed;
        if (!s.firstStartSeen) {
            s.firstStartSeen = true;
            long ready = s.readyNanos;
            if (ready != 0) {
                long gap = System.nanoTime() - ready;
                state.stats.readyToFirstStartNanos.add(gap);
                state.stats.readyToFirstStartCount.increment();
                state.stats.readyToFirstStartMinNanos.accumulateAndGet(gap, Math::min);
            }
        }
        if (managed == null) {
            state.stats.runsStartedBeforeOpenReturned.increment();
        }
        if (managed == null && state.backend.sharing() == Sharing.PER_CALL) {
            // The manager exists only inside the session: start once open() returned.
            s.opened.whenComplete((m, t) -> {
                if (t == null) {
                    sim.start();
                }
            });
        } else {
            sim.start();
        }
    }

    /** On the agent pool: a run of {@code s} emitted its last event or failed. */
    private void runEnded(Session s) {
        int left = s.runsInFlight.decrementAndGet();
        if (perCall() && left == 0 && s.closed) {
            state.orphans.runEnded(s.user);
        }
    }

    private boolean perCall() {
        return state.backend.sharing() == Sharing.PER_CALL;
    }

    /**
     * Once per session, on the setup pool: unregisters the connection (the backend's close) and, for a
     * PER_CALL path whose runs still emit, hands its manager to the user's other connections.
     */
    private void end(Session s, ManagedSession m) {
        if (!s.ended.compareAndSet(false, true)) {
            return;
        }
        try {
            m.close();
        } catch (RuntimeException ignored) {
            // A defect's session may fail to close; the connection is gone regardless.
        }
        if (perCall()) {
            state.orphans.closed(s.user, s.connection, m.manager(), s.runsInFlight::get);
        }
    }

    /** On the agent pool: the manager a run emits through (see the class comment). */
    private UserWebSocketManager managerFor(Session s, UserExecutionContext run) {
        ManagedSession managed = s.managed;
        if (managed != null) {
            return managed.managerForRun(run);
        }
        if (s.opened.isCompletedExceptionally()) {
            throw new IllegalStateException("the session could not be set up");
        }
        return state.backend.obtain(run);
    }

    private void error(String runId, String code, String message) {
        error(session, runId, code, message);
    }

    private void error(Session s, String runId, String code, String message) {
        state.stats.errorReplies.increment();
        if (s == null) {
            return;
        }
        ByteBuf buf = Unpooled.buffer(128);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf);
             JsonGenerator g = state.json.createGenerator((OutputStream) out)) {
            g.writeStartObject();
            g.writeStringField("type", "error");
            g.writeStringField("code", code);
            g.writeStringField("message", truncate(message, 300));
            if (runId != null) {
                g.writeStringField("run_id", runId);
            }
            g.writeEndObject();
        } catch (IOException e) {
            buf.release();
            return;
        }
        s.sink.reply(new TextWebSocketFrame(buf));
    }

    private void reply(Session s, String json) {
        s.sink.reply(new TextWebSocketFrame(json));
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelHandshakeTimer();
        Session s = session;
        if (s != null && !s.closed) {
            s.closed = true;
            state.stats.sessionsClosed.increment();
            for (String t : s.claims) {
                state.release(t, s.user);
            }
            ManagedSession m = s.managed;
            if (m != null) {
                state.setupPool.execute(() -> end(s, m));
            }
        }
        super.channelInactive(ctx);
    }

    /**
     * Closes what a broken or hostile client sent: a message over {@value #MAX_MESSAGE} bytes with 1009, a
     * protocol violation with 1002, anything else with 1011 (counted as unexpected: the fuzz suite requires
     * none). Before the upgrade there is no session to send a close frame to: the connection just closes.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Session s = session;
        boolean tooBig = cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException;
        boolean corrupt = cause instanceof CorruptedWebSocketFrameException
                || cause.getCause() instanceof CorruptedWebSocketFrameException;
        // A fragmented message cut short by the close is the client's doing too, like I/O errors.
        if (!tooBig && !corrupt && !(cause instanceof IOException) && !(cause instanceof PrematureChannelClosureException)) {
            state.stats.unexpectedErrors.increment();
        }
        if (s == null) {
            ctx.close();
            return;
        }
        WebSocketCloseStatus status = tooBig ? WebSocketCloseStatus.MESSAGE_TOO_BIG
                : corrupt ? WebSocketCloseStatus.PROTOCOL_ERROR : WebSocketCloseStatus.INTERNAL_SERVER_ERROR;
        s.sink.close(status, tooBig ? "message over " + MAX_MESSAGE + " bytes" : truncate(
                cause.getClass().getSimpleName(), 100), state.stats.protocolErrorsClosed);
    }

    /** Idle timeout: nothing read and nothing written for the configured time. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && session != null) {
            session.sink.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "idle timeout", state.stats.idleClosed);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * Backpressure: while the channel cannot be written to (its client does not read what it is sent), stop
     * reading its requests, so that it cannot make the server produce replies faster than it takes them.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        boolean writable = ctx.channel().isWritable();
        if (!writable && ctx.channel().config().isAutoRead()) {
            state.stats.readsPaused.increment();
        }
        ctx.channel().config().setAutoRead(writable);
        super.channelWritabilityChanged(ctx);
    }

    /** Starts the handshake timeout: a connection that does not complete the upgrade in time is closed. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        long ms = state.config.limits().handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (session == null && ctx.channel().isActive()) {
                state.stats.handshakeTimeouts.increment();
                ctx.close();
            }
        }, ms, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
            handshakeTimer = null;
        }
    }

    /** Why {@code user} cannot be a session's user (a placeholder id, the context's own rule), or null. */
    private static String placeholder(String user) {
        try {
            new UserExecutionContext(user, "t", "r", "q", "c");
            return null;
        } catch (UserExecutionContext.InvalidContextException e) {
            return "the token names no real user: " + truncate(e.getMessage(), 200);
        }
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        ctx.writeAndFlush(response(status, body)).addListener(ChannelFutureListener.CLOSE);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body + "\n", StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return res;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
