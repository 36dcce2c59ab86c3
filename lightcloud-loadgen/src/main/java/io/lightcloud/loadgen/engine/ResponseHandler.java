package io.lightcloud.loadgen.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Completes the pending exchange of a connection with its response, or fails it when the connection breaks. */
final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    static final AttributeKey<Pending> PENDING = AttributeKey.valueOf("lightcloud.pending");

    /** The request in flight on a connection: whether its body and cookies are needed, and who waits for it. */
    record Pending(boolean wantBody, boolean wantCookies, CompletableFuture<HttpResult> result) {
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        Pending pending = ctx.channel().attr(PENDING).getAndSet(null);
        if (pending == null) {
            return;
        }
        String body = pending.wantBody() ? response.content().toString(StandardCharsets.UTF_8) : null;
        List<String> cookies = pending.wantCookies() ? response.headers().getAll(HttpHeaderNames.SET_COOKIE)
                : List.of();
        long bytes = response.content().readableBytes() + 64L;
        boolean keepAlive = HttpUtil.isKeepAlive(response);
        if (!keepAlive) {
            ctx.close();
        }
        pending.result().complete(new HttpResult(response.status().code(), body, cookies, bytes, keepAlive));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new IOException("connection closed by the target"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
        ctx.close();
    }

    private static void fail(ChannelHandlerContext ctx, Throwable cause) {
        Pending pending = ctx.channel().attr(PENDING).getAndSet(null);
        if (pending != null) {
            pending.result().completeExceptionally(cause);
        }
    }
}
