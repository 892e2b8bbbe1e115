package dev.crosstalk.harness.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** The pipeline of one accepted connection: HTTP until the upgrade, then WebSocket (see {@link ServerHandler}). */
final class ServerInitializer extends ChannelInitializer<Channel> {

    private final ServerState state;

    ServerInitializer(ServerState state) {
        this.state = state;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("http", new HttpServerCodec(4096, 16 * 1024, 8192));
        p.addLast("aggregator", new HttpObjectAggregator(16 * 1024));
        p.addLast("handler", new ServerHandler(state));
    }
}
