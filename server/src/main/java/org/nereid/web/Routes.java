package org.nereid.web;

import io.netty.handler.codec.http.FullHttpResponse;

/** Which route answers which path; shared by all connections. */
public final class Routes {
    private final StaticRoute staticRoute;
    private final WebSocketEndpoint webSocket;
    private final int maxFrameSize;

    public Routes(StaticRoute staticRoute, WebSocketEndpoint webSocket, int maxFrameSize) {
        this.staticRoute = staticRoute;
        this.webSocket = webSocket;
        this.maxFrameSize = maxFrameSize;
    }

    FullHttpResponse respond(Request request) throws Exception {
        return staticRoute.respond(request);
    }

    boolean originAllowed(Request request, boolean admin) {
        return true;
    }

    WebSocketEndpoint webSocket() {
        return webSocket;
    }

    int maxFrameSize() {
        return maxFrameSize;
    }
}
