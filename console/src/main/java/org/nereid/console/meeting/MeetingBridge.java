package org.nereid.console.meeting;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.function.Consumer;

/**
 * What the console lends the meeting page as {@code window.nereidBridge} (the contract is
 * in docs/web-client.md): WebView's own WebSocket does not work on Linux (JavaFX ≥ 21.0.3),
 * so the page's signalling goes over a java.net.http WebSocket owned here.
 *
 * <p>The page calls {@link #open}, {@link #send}, {@link #close} and {@link #openInBrowser};
 * the console answers through {@link BridgeSocket.Events} (the page's
 * {@code window.nereid.bridgeOpened/bridgeMessage/bridgeClosed}). Only the server's own
 * WebSocket address is accepted, so a page cannot use the console to reach elsewhere.
 *
 * <p>WebEngine holds Java objects weakly: the view keeps this bridge in a field.
 */
public final class MeetingBridge {
    private final URI allowed;
    private final HttpClient http;
    private final BridgeSocket.Events events;
    private final Consumer<String> browser;
    private BridgeSocket socket;

    public MeetingBridge(URI allowed, HttpClient http, BridgeSocket.Events events, Consumer<String> browser) {
        this.allowed = allowed;
        this.http = http;
        this.events = events;
        this.browser = browser;
    }

    /** Opens the relayed WebSocket to {@code url} (closing any previous one). */
    public synchronized void open(String url) {
        close();
        URI target;
        try {
            target = URI.create(url);
        } catch (IllegalArgumentException e) {
            events.closed(1006, "bad WebSocket address " + url);
            return;
        }
        if (!sameEndpoint(target)) {
            events.closed(1008, "the console only relays to " + allowed);
            return;
        }
        socket = new BridgeSocket(events);
        socket.open(http, target);
    }

    /** Sends one text frame; opens the server's WebSocket first if the page did not. */
    public synchronized void send(String text) {
        if (socket == null) {
            open(allowed.toString());
        }
        socket.send(text);
    }

    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /** Opens the given page of this server in the system browser (for audio and video). */
    public void openInBrowser(String url) {
        URI u = URI.create(url);
        if (u.getHost() != null && u.getHost().equalsIgnoreCase(allowed.getHost())) {
            browser.accept(url);
        }
    }

    /** True while a relayed WebSocket is open (for the status line and tests). */
    public synchronized boolean isOpen() {
        return socket != null && socket.isOpen();
    }

    /** Same host, port and path as the server's WebSocket, and ws/wss as the server uses. */
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
}
