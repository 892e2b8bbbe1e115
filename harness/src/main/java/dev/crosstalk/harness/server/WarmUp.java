package dev.crosstalk.harness.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.EventSink;
import dev.crosstalk.manager.UserExecutionContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Loads, at start-up, every class that accepting a connection, upgrading it, serving its frames and logging
 * a warning need, so that none of it needs a file once descriptors run out (issue 14). A class that fails to
 * load then stays failed for good (the JVM caches a failed resolution), and JUL's first formatted record
 * loads the time-zone rules from a file: either left the server alive but deaf after an EMFILE storm.
 *
 * <p>Nothing here touches the backend or the server's counters: the HTTP path is driven on an
 * {@link EmbeddedChannel} with a state of its own, up to the 401 of a request without a valid token; the
 * WebSocket codec is driven with a handshaker of its own. Best effort: a failure is ignored (the server
 * works without it; only its resilience at the descriptor limit is less). Runs once, on the starting thread.
 */
final class WarmUp {

    private WarmUp() {
    }

    static void run(ServerState server) {
        try {
            logging();
            ServerState quiet = new ServerState(server.config, server.backend, new ServerStats(), server.json,
                    server.mapper, server.jwt, server.setupPool, server.agentPool);
            upgradeRefused(quiet);
            webSocketCodec();
            sessionPath(quiet);
        } catch (IOException | RuntimeException | LinkageError ignored) {
            // Best effort; see the class comment.
        }
    }

    /** Initialises JUL and formats (prints nothing) a warning with a stack trace, as Netty's would be. */
    private static void logging() {
        LogManager.getLogManager();
        ZoneId.systemDefault().getRules();
        LogRecord record = new LogRecord(Level.WARNING, "warm-up {0}");
        record.setParameters(new Object[] {"x"});
        record.setThrown(new IOException("warm-up"));
        record.setLoggerName(WarmUp.class.getName());
        for (Handler h : Logger.getLogger("").getHandlers()) {
            if (h.getFormatter() != null) {
                h.getFormatter().format(record);
            }
        }
        new SimpleFormatter().format(record);
    }

    /** The real pipeline, up to the 401 of a bad token (the handshake timer is cancelled with the channel). */
    private static void upgradeRefused(ServerState quiet) {
        EmbeddedChannel ch = new EmbeddedChannel(new ServerInitializer(quiet));
        String req = "GET " + quiet.config.path() + "?thread_id=w HTTP/1.1\r\nHost: w\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer not-a-token\r\n\r\n";
        ch.writeInbound(Unpooled.copiedBuffer(req, StandardCharsets.US_ASCII));
        drain(ch);
        ch.finishAndReleaseAll();
        quiet.jwt.verify(quiet.jwt.sign("warm-up", Duration.ofMinutes(1)));
    }

    /** The server side of a WebSocket: handshake, every frame type in and out, the aggregator, the idle handler. */
    private static void webSocketCodec() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024));
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        req.headers().set(HttpHeaderNames.HOST, "w").set(HttpHeaderNames.UPGRADE, "websocket")
                .set(HttpHeaderNames.CONNECTION, "Upgrade")
                .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==")
                .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory("ws://w/ws", null, false,
                ServerHandler.MAX_MESSAGE).newHandshaker(req);
        hs.handshake(ch, req);
        req.release();
        ch.pipeline().addLast(new IdleStateHandler(0, 0, 1, TimeUnit.HOURS),
                new WebSocketFrameAggregator(ServerHandler.MAX_MESSAGE));
        drain(ch);
        byte[] text = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        for (int opcode : new int[] {0x1, 0x2, 0x9, 0xA, 0x8}) {
            ch.writeInbound(Unpooled.wrappedBuffer(maskedFrame(opcode, opcode == 0x8 ? new byte[] {3, -24} : text)));
        }
        ch.writeOutbound(new TextWebSocketFrame("x"), new PongWebSocketFrame(),
                new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, "x"));
        drain(ch);
        ch.finishAndReleaseAll();
        touch(IdleStateEvent.ALL_IDLE_STATE_EVENT, TooLongFrameException.class, CorruptedWebSocketFrameException.class,
                EventSink.SinkClosedException.class);
    }

    /** What a session's requests and events go through: JSON both ways, the context, the sink, the simulator. */
    private static void sessionPath(ServerState quiet) throws IOException {
        quiet.mapper.readTree("{\"type\":\"start_agent\",\"payload\":{\"a\":[1,true,null,1.5,\"s\"]}}");
        UserExecutionContext run = new UserExecutionContext("warm-up", "t", "r", "q", "c");
        ByteBuf buf = Unpooled.buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf);
             JsonGenerator g = quiet.json.createGenerator((OutputStream) out)) {
            ChannelEventSink.writeEvent(g, AgentEvent.of(run, AgentEvent.AGENT_STARTED, "w", 0, Map.of("k", "v")));
        } finally {
            buf.release();
        }
        try {
            Class.forName(ServerHandler.class.getName() + "$Session");
        } catch (ClassNotFoundException ignored) {
            // renamed: the warm-up is best effort
        }
        touch(AgentSimulator.class, OrphanedManagers.class, ChannelEventSink.class, ServerLimits.class);
    }

    private static void touch(Object... loaded) {
        // Referencing a class literal loads it; nothing else to do.
    }

    private static void drain(EmbeddedChannel ch) {
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            ReferenceCountUtil.release(o);
        }
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            ReferenceCountUtil.release(o);
        }
    }

    private static byte[] maskedFrame(int opcode, byte[] payload) {
        byte[] f = new byte[6 + payload.length];
        f[0] = (byte) (0x80 | opcode);
        f[1] = (byte) (0x80 | payload.length);
        for (int i = 0; i < payload.length; i++) {
            f[6 + i] = payload[i];
        }
        return f;
    }
}
