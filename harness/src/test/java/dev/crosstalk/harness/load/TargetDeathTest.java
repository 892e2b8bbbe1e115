package dev.crosstalk.harness.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.harness.server.GoldenPathServer;
import dev.crosstalk.harness.server.Jwt;
import dev.crosstalk.harness.server.ServerConfig;
import dev.crosstalk.manager.ssot.SsotProvider;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A target that dies mid-load is not the manager's losses: the load ends at once, exit 2, naming the cause, its files
 * written. A live server that closes sessions (with a close frame, or without one) is not a dead target.
 */
class TargetDeathTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path out;

    private static LoadConfig.Builder against(URI target, String secret) {
        return LoadConfig.builder().target(target).jwtSecret(secret).users(20).sessionsPerUser(2)
                .runsPerSession(0).duration(Duration.ofSeconds(60)).runTimeout(RUN_TIMEOUT).deadline(Duration.ofSeconds(120))
                .eventLoops(2).quiet(true).linger(Duration.ZERO);
    }

    @Test
    void aTargetStoppedMidLoadEndsTheLoadAtOnceWithExitTwoNamingIt() throws Exception {
        String secret = Jwt.newSecret();
        GoldenPathServer server = GoldenPathServer.start(ServerConfig.defaults(new SsotProvider(), secret));
        int port = server.port();
        LoadConfig config = against(server.uri(), secret).out(out).build();
        CompletableFuture<LoadResult> load = CompletableFuture.supplyAsync(() -> LoadDriver.run(config, null, System.err, null));
        long killed;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> server.stats().runsCompleted.sum() >= 100);
        } finally {
            killed = System.nanoTime();
            server.close();
        }
        LoadResult r = load.get(60, TimeUnit.SECONDS);
        long afterKillMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

        assertThat(r.exitCode()).as(r.problem()).isEqualTo(2);
        assertThat(r.problem()).startsWith("the target 127.0.0.1:" + port + " (" + server.uri() + ") went away mid-load:")
                .contains("refuses new connections");
        assertThat(r.lossCount()).as("runs cut off by the server's death are not the manager's losses").isZero();
        // not the run timeout's wait: the driver knew at once (docs/load.md measures it on the CLI)
        assertThat(afterKillMillis).isLessThan(RUN_TIMEOUT.toMillis() / 2);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("details").path("problem").asText()).isEqualTo(r.problem());
        assertThat(summary.path("details").path("exit_code").asInt()).isEqualTo(2);
        assertThat(out.resolve("latency.hlog")).exists();
        assertThat(out.resolve("per-user.csv")).exists();
    }

    @Test
    void aLiveServerClosingSessionsWithAPolicyCodeIsNotADeadTarget() throws Exception {
        assertLiveServerClosingSessionsIsJudgedAsBefore(true);
    }

    @Test
    void aLiveServerDroppingSessionsWithoutACloseIsNotADeadTarget() throws Exception {
        assertLiveServerClosingSessionsIsJudgedAsBefore(false);
    }

    /**
     * A server that accepts every session and closes it at its first run (with 1008, or by dropping the connection)
     * but keeps listening: the runs cut off are judged as before (lost by their deadline: exit 1), never "went away".
     */
    private void assertLiveServerClosingSessionsIsJudgedAsBefore(boolean closeFrame) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketServerProtocolHandler("/ws", null, true, 65536, false, true),
                                    new ClosingAtFirstRun(closeFrame));
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            LoadConfig config = against(URI.create("ws://127.0.0.1:" + port + "/ws"), Jwt.newSecret()).users(3)
                    .runTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(10)).out(out).build();
            LoadResult r = LoadDriver.run(config, null, System.err, null);
            assertThat(String.valueOf(r.problem())).as("a live server").doesNotContain("went away");
            assertThat(r.exitCode()).as(r.problem()).isEqualTo(1);
            assertThat(r.lossCount()).isPositive();
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Says the session is up, then closes it when the first run is asked for. On the channel's loop. */
    private static final class ClosingAtFirstRun extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final boolean closeFrame;

        ClosingAtFirstRun(boolean closeFrame) {
            this.closeFrame = closeFrame;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"connection_established\",\"thread_id\":\"t\"}"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            if (closeFrame) {
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, "not allowed"))
                        .addListener(f -> ctx.close());
            } else {
                ctx.close();
            }
        }
    }
}
