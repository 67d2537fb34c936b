package org.nereid.signal;

import java.util.concurrent.CompletableFuture;
import org.nereid.group.MemberInfo;
import java.util.concurrent.CompletionStage;

/** A protocol client wired straight to a {@link SignalService}, without a socket. */
final class InMemoryClient extends ProtocolClient implements SignalTransport {

    private final SignalConnection connection;
    private final String node;
    private volatile boolean closed;
    volatile boolean stalled;

    InMemoryClient(SignalService service, String id) {
        this(service, id, null);
    }

    /** A client connected as a cluster's relay is, joining as {@code trusted}; null for an ordinary client. */
    InMemoryClient(SignalService service, String id, MemberInfo trusted) {
        this(service, id, trusted, null);
    }

    /** A cluster's in-process client speaking for {@code node} (a relay to it, a stand-in of its member). */
    InMemoryClient(SignalService service, String id, MemberInfo trusted, String node) {
        super(id);
        this.node = node;
        this.connection = service.connectTrusted(this, trusted);
    }

    @Override
    public void sendText(String text) {
        connection.onText(text);
    }

    @Override
    public CompletionStage<Void> send(String text) {
        if (stalled) {
            return new CompletableFuture<>();
        }
        received(text);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void close(int code, String reason) {
        if (!closed) {
            closed = true;
            serverClosed(code);
            connection.onClosed();
        }
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:40000";
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public void close() {
        connection.onClosed();
    }
}
