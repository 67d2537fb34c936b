package org.nereid.web;

import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;

/**
 * Whoever wires the server (signalling) supplies this to receive WebSocket connections
 * on {@code /ws}. Without one, {@code /ws} answers 404.
 *
 * <p>The returned handler is added to the connection's pipeline after Netty's
 * {@code WebSocketServerProtocolHandler} (which answers ping and close) and a frame
 * aggregator, so it receives whole {@code TextWebSocketFrame}s (and
 * {@code BinaryWebSocketFrame}s), first the {@code HandshakeComplete} user event, and
 * {@code channelInactive} when the connection ends. It writes frames to the channel.
 */
@FunctionalInterface
public interface WebSocketEndpoint {
    ChannelHandler newConnection(InetSocketAddress remote);
}
