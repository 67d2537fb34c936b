package org.nereid.whip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.nereid.group.Permission;
import org.nereid.json.Json;
import org.nereid.signal.SignalConnection;
import org.nereid.signal.SignalService;
import org.nereid.signal.SignalTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WHIP publisher, as the group sees it: a client of the signalling service like any
 * WebSocket client, whose "socket" is this object. It joins with the credentials of the
 * POST, publishes one stream whose id is its client id, and trickles or restarts ICE with
 * the PATCHes; so joining rules, permissions, kicks, recording and statistics are those
 * of every client, and the media engine's up connection is the usual one. What signalling
 * sends it is read here: the join's outcome, the answers, and the end of the stream
 * (ICE or DTLS failed, the peer went silent, it was kicked, the group ended).
 */
final class WhipSession implements SignalTransport {
    private static final Logger log = LoggerFactory.getLogger(WhipSession.class);
    private static final ObjectMapper JSON = Json.mapper();
    private static final CompletableFuture<Void> SENT = CompletableFuture.completedFuture(null);
    /** Galène's WHIP clients join as "whip" unless their token names someone. */
    static final String USERNAME = "whip";

    private final String resource;
    private final String clientId;
    private final String group;
    private final String token;
    private final String remoteAddress;
    private final Consumer<WhipSession> onEnd;
    private final CompletableFuture<List<String>> joined = new CompletableFuture<>();
    private volatile SignalConnection connection;
    // guarded by this
    private CompletableFuture<String> answer;
    private String offer;
    private String etag;
    private volatile String username = USERNAME;
    /** Why signalling sent it away (a kick, the group's end), for the log; null until then. */
    private volatile String farewell;
    private boolean ended;

    /**
     * @param resource the unguessable last segment of the session's URL (not the client id,
     *                 which every member of the group sees)
     * @param token    the bearer token it joined with, or null; later requests must repeat it
     */
    WhipSession(String resource, String clientId, String group, String token, String remoteAddress,
                Consumer<WhipSession> onEnd) {
        this.resource = resource;
        this.clientId = clientId;
        this.group = group;
        this.token = token;
        this.remoteAddress = remoteAddress;
        this.onEnd = onEnd;
    }

    /** Connects to signalling and joins; completes with the permissions granted, or fails with a {@link WhipRefusal}. */
    CompletionStage<List<String>> join(SignalService signal) {
        connection = signal.connect(this);
        ObjectNode handshake = message("handshake");
        handshake.putArray("version").add("2");
        handshake.put("id", clientId);
        tell(handshake);
        ObjectNode join = message("join");
        join.put("kind", "join").put("group", group).put("username", USERNAME);
        if (token != null) {
            join.put("token", token);
        } else {
            join.put("password", ""); // Galène's: a WHIP client without token matches wildcard passwords only
        }
        tell(join);
        return joined;
    }

    /** Publishes the offered stream; completes with the SDP answer. */
    CompletionStage<String> publish(String sdp) {
        return negotiate(sdp);
    }

    /** Restarts ICE with a fragment's new credentials; completes with the answering fragment. */
    CompletionStage<String> restart(SdpFragment fragment) {
        String current;
        synchronized (this) {
            current = offer;
        }
        return negotiate(fragment.patch(current)).thenApply(SdpFragment::ofAnswer);
    }

    /** Hands trickled candidates to the stream, as a browser's "ice" messages. */
    void trickle(SdpFragment fragment) {
        for (SdpFragment.Candidate c : fragment.candidates()) {
            ObjectNode m = message("ice").put("id", clientId);
            ObjectNode candidate = m.putObject("candidate");
            candidate.put("candidate", c.line());
            if (c.mid() != null) {
                candidate.put("sdpMid", c.mid());
            }
            if (c.index() >= 0) {
                candidate.put("sdpMLineIndex", c.index());
            }
            if (fragment.ufrag() != null) {
                candidate.put("usernameFragment", fragment.ufrag());
            }
            tell(m);
        }
    }

    private CompletionStage<String> negotiate(String sdp) {
        CompletableFuture<String> pending = new CompletableFuture<>();
        synchronized (this) {
            if (ended) {
                return CompletableFuture.failedFuture(gone());
            }
            if (answer != null) {
                return CompletableFuture.failedFuture(new WhipRefusal(HttpResponseStatus.CONFLICT,
                        "Another negotiation of this session is under way; wait for its answer."));
            }
            answer = pending;
        }
        tell(message("offer").put("id", clientId).put("sdp", sdp));
        return pending.thenApply(a -> {
            synchronized (this) {
                offer = sdp;
            }
            return a;
        });
    }

    /** Leaves the group: the stream ends at its receivers. Idempotent. */
    void end(String why) {
        SignalConnection c = connection;
        if (c != null) {
            c.onClosed();
        }
        ended(why);
    }

    String resource() {
        return resource;
    }

    String group() {
        return group;
    }

    /** The bearer token the session was created with, or null. */
    String token() {
        return token;
    }

    synchronized String etag() {
        return etag;
    }

    synchronized void etag(String value) {
        etag = value;
    }

    /** The ICE ufrag and password of the offer now in force. */
    synchronized String[] remoteCredentials() {
        return SdpFragment.credentials(offer);
    }

    // ---- what signalling sends this client

    @Override
    public CompletionStage<Void> send(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (IOException e) {
            return SENT; // signalling writes only JSON
        }
        String type = m.path("type").asText();
        String kind = m.path("kind").asText();
        switch (type) {
            case "ping" -> tell(message("pong"));
            case "joined" -> joined(kind, m);
            case "answer" -> {
                if (clientId.equals(m.path("id").asText())) {
                    settle(pending -> pending.complete(m.path("sdp").asText()));
                }
            }
            case "abort" -> {
                if (clientId.equals(m.path("id").asText()) && !negotiating()) {
                    end("the server ended its stream");
                }
            }
            case "usermessage" -> {
                if (kind.equals("kicked")) {
                    farewell = m.path("value").asText();
                } else if (kind.equals("error")) {
                    // an offer refused: the engine's sentence says why (a renegotiated stream is closed with it)
                    String sentence = m.path("value").asText();
                    if (settle(pending -> pending.completeExceptionally(
                            new WhipRefusal(HttpResponseStatus.BAD_REQUEST, sentence)))) {
                        end("its offer was refused: " + sentence);
                    }
                }
            }
            default -> {
                // users, chat and the rest are for people
            }
        }
        return SENT;
    }

    private void joined(String kind, JsonNode m) {
        switch (kind) {
            case "join" -> {
                List<String> permissions = new ArrayList<>();
                m.path("permissions").forEach(p -> permissions.add(p.asText()));
                username = m.path("username").asText();
                if (!permissions.contains(Permission.PRESENT)) {
                    refuse(new WhipRefusal(HttpResponseStatus.FORBIDDEN, "These credentials may not publish in"
                            + " group " + group + " (they lack the present permission)."));
                } else {
                    joined.complete(permissions);
                }
            }
            case "fail" -> {
                String error = m.path("error").asText();
                String sentence = m.path("value").asText();
                HttpResponseStatus status = error.equals("not-authorised") || error.equals("duplicate-username")
                        || error.equals("need-username") ? HttpResponseStatus.UNAUTHORIZED
                        : HttpResponseStatus.FORBIDDEN;
                refuse(new WhipRefusal(status, sentence));
            }
            case "redirect" -> {
                // the value is the group's page on the hosting node; its WHIP endpoint is beside it
                refuse(WhipRefusal.movedTo(m.path("value").asText() + ".whip", group));
            }
            default -> {
                // "change" (handled through the stream's abort when present is revoked) and "leave"
            }
        }
    }

    /** The join is refused: the POST learns why, then the session ends. */
    private void refuse(WhipRefusal why) {
        joined.completeExceptionally(why);
        end(why.getMessage());
    }

    private synchronized boolean negotiating() {
        return answer != null;
    }

    /** Settles the pending negotiation, if any; returns whether there was one. */
    private boolean settle(Consumer<CompletableFuture<String>> how) {
        CompletableFuture<String> pending;
        synchronized (this) {
            pending = answer;
            answer = null;
        }
        if (pending == null) {
            return false;
        }
        how.accept(pending);
        return true;
    }

    @Override
    public void close(int code, String reason) {
        String why = farewell != null ? "sent away: " + farewell : reason;
        ended(why == null || why.isEmpty() ? "it left" : why);
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    private void ended(String why) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        log.info("group {}: WHIP session of {} ({}) ended: {}", group, username, clientId, why);
        joined.completeExceptionally(gone());
        settle(pending -> pending.completeExceptionally(gone()));
        onEnd.accept(this);
    }

    private static WhipRefusal gone() {
        return new WhipRefusal(HttpResponseStatus.NOT_FOUND, "This WHIP session has ended.");
    }

    private void tell(ObjectNode m) {
        SignalConnection c = connection;
        if (c != null) {
            c.onText(m.toString());
        }
    }

    private static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }
}
