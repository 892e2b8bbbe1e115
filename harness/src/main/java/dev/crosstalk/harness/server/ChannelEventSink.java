package dev.crosstalk.harness.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.EventSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link EventSink} over one WebSocket channel. Safe from any thread and never blocks (the
 * manager delivers under its lock): the event is serialised on the caller's thread and the
 * write is handed to the channel's event loop.
 *
 * <p>Bounded memory: it counts the bytes handed to the channel and not yet written to the socket;
 * when a slow reader lets them pass {@code maxOutboundBytes}, the connection is closed (counted in
 * {@link ServerStats#slowReadersClosed}) and later sends throw {@link SinkClosedException}, so
 * the manager queues or drops them by its own bounded rules instead of the server buffering
 * without end.
 *
 * <p>Replies to the client's own requests (pongs, JSON pongs, error replies) go through {@link #reply}
 * and count against the same byte bound, and by number against {@code maxPendingReplies}: a client
 * that floods requests without reading the replies is closed with 1008 (counted in
 * {@link ServerStats#floodersClosed}) before its replies can pile up in the server.
 */
public final class ChannelEventSink implements EventSink {

    private final Channel channel;
    private final Runnable onFlood;
    private final JsonFactory json;
    private final long maxOutboundBytes;
    private final ServerStats stats;
    private final int maxPendingReplies;
    private final AtomicLong pending = new AtomicLong();
    /** Replies handed to the channel and not yet written to the socket. */
    private final AtomicInteger pendingReplies = new AtomicInteger();
    private final AtomicBoolean closedByServer = new AtomicBoolean();
    /** The client asked to close: no event is written after the close reply. Set under "this". */
    private volatile boolean closing;

    public ChannelEventSink(Channel channel, JsonFactory json, long maxOutboundBytes, int maxPendingReplies,
                            ServerStats stats) {
        this(channel, json, maxOutboundBytes, maxPendingReplies, stats, () -> { });
    }

    /** @param onFlood called (once per flood close) when this session is closed for flooding: its user's penalty */
    public ChannelEventSink(Channel channel, JsonFactory json, long maxOutboundBytes, int maxPendingReplies,
                            ServerStats stats, Runnable onFlood) {
        this.onFlood = onFlood;
        this.channel = channel;
        this.maxPendingReplies = maxPendingReplies;
        this.json = json;
        this.maxOutboundBytes = maxOutboundBytes;
        this.stats = stats;
    }

    @Override
    public void send(AgentEvent event) {
        if (!isOpen()) {
            throw new SinkClosedException("connection closed");
        }
        ByteBuf buf = channel.alloc().buffer(256);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf);
             JsonGenerator g = json.createGenerator((OutputStream) out)) {
            writeEvent(g, event);
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        }
        int size = buf.readableBytes();
        if (pending.addAndGet(size) > maxOutboundBytes) {
            pending.addAndGet(-size);
            buf.release();
            closeSlowReader();
            throw new SinkClosedException("slow reader: more than " + maxOutboundBytes + " bytes unsent");
        }
        // Under the lock that closing() takes: an event either is handed to the channel before the close
        // reply is queued behind it, or is refused here (and the manager queues it for the user's next
        // connection). Never written after the close reply, where the client would not read it.
        synchronized (this) {
            if (closing) {
                pending.addAndGet(-size);
                buf.release();
                throw new SinkClosedException("connection closing");
            }
            channel.writeAndFlush(new TextWebSocketFrame(buf)).addListener(f -> pending.addAndGet(-size));
        }
        stats.eventsSent.increment();
    }

    /**
     * Writes a reply to a request of the client (any thread; the event loop for pongs and request errors).
     * Dropped, and the connection closed with 1008, when the client has left more than
     * {@code maxPendingReplies} replies or {@code maxOutboundBytes} bytes unread; dropped silently once
     * the connection is closing. Takes ownership of {@code frame}.
     */
    void reply(WebSocketFrame frame) {
        if (!isOpen()) {
            frame.release();
            return;
        }
        int size = frame.content().readableBytes();
        if (pendingReplies.incrementAndGet() > maxPendingReplies) {
            pendingReplies.decrementAndGet();
            frame.release();
            onFlood.run();
            close(WebSocketCloseStatus.POLICY_VIOLATION, "flooding: more than " + maxPendingReplies
                    + " replies unread", stats.floodersClosed);
            return;
        }
        if (pending.addAndGet(size) > maxOutboundBytes) {
            pending.addAndGet(-size);
            pendingReplies.decrementAndGet();
            frame.release();
            closeSlowReader();
            return;
        }
        synchronized (this) {
            if (closing) {
                pending.addAndGet(-size);
                pendingReplies.decrementAndGet();
                frame.release();
                return;
            }
            channel.writeAndFlush(frame).addListener(f -> {
                pending.addAndGet(-size);
                pendingReplies.decrementAndGet();
            });
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isActive() && !closedByServer.get() && !closing;
    }

    /**
     * The client sent a close frame: from now on sends are refused. Events already handed to the channel
     * are in its task queue, so a close reply queued after this call (on the event loop's task queue, not
     * written directly) follows every one of them.
     */
    synchronized void closing() {
        closing = true;
    }

    private void closeSlowReader() {
        close(WebSocketCloseStatus.POLICY_VIOLATION, "slow reader", stats.slowReadersClosed);
    }

    /**
     * Closes the connection once, for a reason of the server's: the close frame is queued behind what the
     * client has not read (it may never read it) and the channel closed right after, so nothing is held.
     */
    void close(WebSocketCloseStatus status, String reason, LongAdder counter) {
        if (closedByServer.compareAndSet(false, true)) {
            counter.increment();
            channel.writeAndFlush(new CloseWebSocketFrame(status, reason));
            channel.close();
        }
    }

    static void writeEvent(JsonGenerator g, AgentEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", e.type());
        g.writeStringField("run_id", e.runId());
        g.writeStringField("thread_id", e.threadId());
        g.writeStringField("user_id", e.userId());
        g.writeStringField("agent_name", e.agentName());
        g.writeNumberField("timestamp", e.timestamp());
        g.writeFieldName("payload");
        g.writeObject(e.payload());
        g.writeEndObject();
    }
}
