package org.nereid.console.meeting;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import netscape.javascript.JSObject;

/**
 * What the console hands the meeting page as {@code window.nereidBridge}: WebView's own
 * WebSocket does not work on Linux (JavaFX ≥ 21.0.3), so the page asks the bridge for a
 * socket and the console relays messages over a java.net.http WebSocket.
 *
 * <p>From JavaScript: {@code const s = nereidBridge.connect(url, listener)} where
 * {@code listener} has {@code onopen()}, {@code onmessage(text)}, {@code onclose(code, reason)}
 * and {@code onerror(message)}; then {@code s.send(text)} and {@code s.close()}. Only the
 * server's own WebSocket address is accepted. Callbacks run on the FX thread.
 *
 * <p>WebEngine holds Java objects weakly: the view keeps this bridge in a field, and the
 * bridge keeps its sockets.
 */
public final class MeetingBridge {
    private final URI allowed;
    private final HttpClient http;
    private final List<BridgeSocket> sockets = new CopyOnWriteArrayList<>();

    public MeetingBridge(URI allowed, HttpClient http) {
        this.allowed = allowed;
        this.http = http;
    }

    /** Opens a relayed WebSocket to {@code url}; events go to {@code listener}. */
    public BridgeSocket connect(String url, JSObject listener) {
        BridgeSocket s = new BridgeSocket(new JsListener(listener), this::forget);
        sockets.add(s);
        URI target;
        try {
            target = URI.create(url);
        } catch (IllegalArgumentException e) {
            s.fail("Bad WebSocket address " + url);
            return s;
        }
        if (!sameEndpoint(target)) {
            s.fail("The console only relays to " + allowed + ", not " + url + ".");
            return s;
        }
        s.open(http, target);
        return s;
    }

    /** Same scheme, host, port and path as the server's WebSocket (the query may differ). */
    boolean sameEndpoint(URI target) {
        return allowed.getScheme().equalsIgnoreCase(String.valueOf(target.getScheme()))
                && allowed.getHost().equalsIgnoreCase(String.valueOf(target.getHost()))
                && port(allowed) == port(target)
                && allowed.getPath().equals(target.getPath());
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "wss".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private void forget(BridgeSocket s) {
        sockets.remove(s);
    }

    /** Number of open relayed sockets (for the status line and tests). */
    public int openSockets() {
        return sockets.size();
    }

    /** Closes every relayed socket (page unloaded or tab closed). */
    public void closeAll() {
        sockets.forEach(BridgeSocket::close);
        sockets.clear();
    }
}
