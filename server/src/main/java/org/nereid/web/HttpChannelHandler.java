package org.nereid.web;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.nereid.logging.LogText;
import org.nereid.logging.Throttle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per connection: turns each complete request into a {@link Request}, asks
 * {@link Routes} for the answer and writes it, or hands {@code /ws} to the
 * {@link WebSocketEndpoint}.
 */
final class HttpChannelHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpChannelHandler.class);
    private static final Throttle REFUSED = new Throttle(10_000);
    private static final Throttle FAILED = new Throttle(1_000);

    private final Routes routes;
    private final boolean secure;

    HttpChannelHandler(Routes routes, boolean secure) {
        this.routes = routes;
        this.secure = secure;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest http) {
        RequestDeadline.requestComplete(ctx);
        if (!http.decoderResult().isSuccess()) {
            write(ctx, http, Responses.text(HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request."), false);
            return;
        }
        if (!HostHeader.isValid(http.headers().get(HttpHeaderNames.HOST))) {
            REFUSED.log(n -> log.info("request from {} refused: malformed Host header {}{}",
                    ctx.channel().remoteAddress(), LogText.of(http.headers().get(HttpHeaderNames.HOST)), Throttle.leftOut(n)));
            write(ctx, http, Responses.text(HttpResponseStatus.BAD_REQUEST, "Malformed Host header."), false);
            return;
        }
        RequestPath path;
        try {
            path = RequestPath.parse(http.uri());
        } catch (RequestPath.BadPathException e) {
            write(ctx, http, Responses.text(HttpResponseStatus.BAD_REQUEST, "Bad request path: " + e.getMessage() + "."), true);
            return;
        }
        Request request = new Request(http, path, secure, (InetSocketAddress) ctx.channel().remoteAddress());
        if (path.segments().equals(java.util.List.of("ws")) && !path.trailingSlash() && routes.webSocket() != null) {
            upgrade(ctx, request);
            return;
        }
        FullHttpResponse response;
        try {
            response = routes.respond(request);
        } catch (Exception e) {
            // a bug a stranger can trigger at will must not fill the disk: one trace per interval
            FAILED.log(n -> log.error("{} {}: {}{}", http.method(), LogText.of(path.path()), e.toString(),
                    Throttle.leftOut(n), e));
            response = Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal server error; see the server log.");
        }
        if (response instanceof LaterResponse later) {
            answerLater(ctx, http, later);
            return;
        }
        finish(ctx, http, response);
    }

    private void finish(ChannelHandlerContext ctx, HttpRequest http, FullHttpResponse response) {
        if (secure) {
            // once a browser has seen HTTPS here it never falls back to plain HTTP (ignored for IP addresses)
            response.headers().set("Strict-Transport-Security", "max-age=31536000");
        }
        write(ctx, http, response, true);
    }

    /** Writes a {@link LaterResponse}'s answer when it comes, reading no further request meanwhile. */
    private void answerLater(ChannelHandlerContext ctx, FullHttpRequest http, LaterResponse later) {
        // the request's body is released when we return: keep only its head
        HttpRequest head = new DefaultHttpRequest(http.protocolVersion(), http.method(), http.uri(), http.headers().copy());
        ctx.channel().config().setAutoRead(false);
        later.answer().whenComplete((answer, failure) -> ctx.executor().execute(() -> {
            FullHttpResponse response = answer;
            if (failure != null || answer == null) {
                FAILED.log(n -> log.error("{} {}: {}{}", head.method(), LogText.of(head.uri()), String.valueOf(failure),
                        Throttle.leftOut(n), failure));
                response = Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal server error; see the server log.");
            }
            finish(ctx, head, response);
            ctx.channel().config().setAutoRead(true);
        }));
    }

    private void upgrade(ChannelHandlerContext ctx, Request request) {
        if (!request.method().equals(HttpMethod.GET)) {
            write(ctx, request.http(), Responses.methodNotAllowed("GET"), true);
            return;
        }
        if (!"13".equals(request.header(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            // Netty would also speak the drafts (versions 0, 7, 8); no browser has needed them for a decade
            FullHttpResponse r = Responses.text(HttpResponseStatus.UPGRADE_REQUIRED, "Only WebSocket version 13 is spoken here.");
            r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            write(ctx, request.http(), r, false);
            return;
        }
        if (!routes.originAllowed(request, false)) {
            REFUSED.log(n -> log.info("WebSocket from {} refused: origin {} not allowed{}", request.remote(),
                    LogText.of(request.header(HttpHeaderNames.ORIGIN)), Throttle.leftOut(n)));
            write(ctx, request.http(), Responses.text(HttpResponseStatus.FORBIDDEN, "Origin not allowed."), false);
            return;
        }
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .checkStartsWith(true)
                .maxFramePayloadLength(routes.maxFrameSize())
                .handleCloseFrames(true)
                .closeOnProtocolViolation(false) // WebSocketErrors sends the one Close frame
                .build();
        String name = ctx.name();
        ctx.pipeline().remove("idle");
        ctx.pipeline().remove("idle-close");
        ctx.pipeline().remove(RequestDeadline.NAME);
        ctx.pipeline().addAfter(name, "ws-protocol", new WebSocketServerProtocolHandler(config));
        ctx.pipeline().addBefore("ws-protocol", "ws-one-close", new OneCloseFrame());
        ctx.pipeline().addAfter("ws-protocol", "ws-aggregator", new WebSocketFrameAggregator(routes.maxFrameSize()));
        ctx.pipeline().addAfter("ws-aggregator", "ws-endpoint", routes.webSocket().newConnection(request.remote()));
        ctx.pipeline().addBefore("ws-protocol", "ws-frame-errors", WebSocketErrors.INSTANCE);
        ctx.pipeline().addLast("ws-errors", WebSocketErrors.INSTANCE);
        // the handshake handler sits right after us: let it see this very request
        ctx.fireChannelRead(request.http().retain());
        ctx.pipeline().remove(this);
    }

    private static void write(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response, boolean mayKeepAlive) {
        boolean keepAlive = mayKeepAlive && HttpUtil.isKeepAlive(request);
        if (response instanceof FileResponse file && !request.method().equals(HttpMethod.HEAD)) {
            writeFile(ctx, file, keepAlive);
            return;
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Streams a file's slice in chunks (the ChunkedWriteHandler in the pipeline pulls them). */
    private static void writeFile(ChannelHandlerContext ctx, FileResponse file, boolean keepAlive) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file.file(), StandardOpenOption.READ);
        } catch (IOException e) {
            log.info("cannot serve {}: {}", file.file(), e.toString());
            FullHttpResponse gone = Responses.text(HttpResponseStatus.NOT_FOUND, "This file has just gone.");
            gone.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(gone);
            return;
        }
        DefaultHttpResponse head = new DefaultHttpResponse(file.protocolVersion(), file.status());
        head.headers().set(file.headers());
        head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        ctx.write(head);
        try {
            ChannelFuture done = ctx.writeAndFlush(new HttpChunkedInput(
                    new ChunkedNioFile(channel, file.offset(), file.length(), 64 * 1024)));
            if (!keepAlive) {
                done.addListener(ChannelFutureListener.CLOSE);
            }
        } catch (IOException e) {
            log.info("cannot serve {}: {}", file.file(), e.toString());
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
