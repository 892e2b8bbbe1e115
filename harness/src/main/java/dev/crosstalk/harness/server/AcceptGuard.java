package dev.crosstalk.harness.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.TimeUnit;

/**
 * Keeps the accept loop alive at the descriptor limit (issue 14). On the server channel, before Netty's
 * acceptor: an accept that fails (EMFILE, ENFILE, any Throwable) is counted and accepting paused for
 * {@link #PAUSE_MS} ms, then resumed, as Netty's own acceptor does; but the failure goes no further down
 * the pipeline, so it is never logged at the moment no descriptor is left. That logging is what killed the
 * accept thread for good: JUL's first formatted record loads the time-zone rules from a file, which
 * cannot be opened then, and the resulting Error escaped the event loop.
 *
 * <p>{@link WarmUp} also loads, at start-up, what logging and a connection need, so that neither needs a
 * file under descriptor exhaustion. Runs on the accept event loop.
 */
@ChannelHandler.Sharable
final class AcceptGuard extends ChannelInboundHandlerAdapter {

    /** How long accepting pauses after a failed accept: long enough for connections to close. */
    static final long PAUSE_MS = 100;

    private final ServerStats stats;

    AcceptGuard(ServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.acceptFailures.increment();
        var config = ctx.channel().config();
        if (config.isAutoRead()) {
            config.setAutoRead(false);
            ctx.channel().eventLoop().schedule(() -> config.setAutoRead(true), PAUSE_MS, TimeUnit.MILLISECONDS);
        }
    }
}
