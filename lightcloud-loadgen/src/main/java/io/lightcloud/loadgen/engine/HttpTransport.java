package io.lightcloud.loadgen.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The non-blocking HTTP/1.1 client of the fast engine: one Netty event-loop group per executor (a thread per core),
 * keep-alive connections owned by virtual users, so a user's requests never wait for another user's connection.
 */
public final class HttpTransport implements AutoCloseable {
    static final int MAX_RESPONSE_BYTES = 16 << 20;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    public HttpTransport(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                                new ResponseHandler());
                    }
                });
    }

    /** The event loop a new virtual user runs on; its connections are registered on the same loop. */
    public EventLoop nextLoop() {
        return group.next();
    }

    CompletableFuture<Channel> connect(EventLoop loop, String host, int port) {
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        ChannelFuture future = bootstrap.clone(loop).connect(host, port);
        future.addListener(f -> {
            if (f.isSuccess()) {
                connected.complete(future.channel());
            } else {
                connected.completeExceptionally(f.cause());
            }
        });
        return connected;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
