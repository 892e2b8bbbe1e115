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

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
 */
public final class ChannelEventSink implements EventSink {

    private final Channel channel;
    private final JsonFactory json;
    private final long maxOutboundBytes;
    private final ServerStats stats;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean closedAsSlow = new AtomicBoolean();
    /** The client asked to close: no event is written after the close reply. Set under "this". */
    private volatile boolean closing;

    public ChannelEventSink(Channel channel, JsonFactory json, long maxOutboundBytes, ServerStats stats) {
        this.channel = channel;
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

    @Override
    public boolean isOpen() {
        return channel.isActive() && !closedAsSlow.get() && !closing;
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
        if (closedAsSlow.compareAndSet(false, true)) {
            stats.slowReadersClosed.increment();
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, "slow reader"));
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
