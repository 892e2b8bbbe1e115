package dev.crosstalk.harness.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.io.IOException;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Keeps the accept loop alive at the descriptor limit (issue 14). On the server channel, before Netty's
 * acceptor: an accept that fails (EMFILE, ENFILE, any Throwable) is counted and accepting paused for
 * {@link #PAUSE_MS} ms, then resumed, as Netty's own acceptor does; but the failure goes no further down
 * the pipeline, so it is never logged at the moment no descriptor is left. That logging is what killed the
 * accept thread for good: JUL's first formatted record loads the time-zone rules from a file, which
 * cannot be opened then, and the resulting Error escaped the event loop.
 *
 * <p>{@link #warmUpLogging()} also initialises JUL and its formatter at start-up, so that any other
 * warning Netty logs under descriptor exhaustion needs no file either. Runs on the accept event loop.
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

    /**
     * Loads and initialises what formatting a JUL warning with a stack trace needs (the log manager, its
     * handlers' formatters, the default time zone's rules), without printing anything. Failures are
     * ignored: the server works without it, and {@link #exceptionCaught} keeps the accept loop's own
     * failures away from the logger regardless.
     */
    static void warmUpLogging() {
        try {
            LogManager.getLogManager();
            ZoneId.systemDefault().getRules();
            LogRecord record = new LogRecord(Level.WARNING, "warm-up {0}");
            record.setParameters(new Object[] {"x"});
            record.setThrown(new IOException("warm-up"));
            record.setLoggerName(AcceptGuard.class.getName());
            for (Handler h : Logger.getLogger("").getHandlers()) {
                if (h.getFormatter() != null) {
                    h.getFormatter().format(record);
                }
            }
            new SimpleFormatter().format(record);
        } catch (RuntimeException | Error ignored) {
            // Best effort; see the method comment.
        }
    }
}
