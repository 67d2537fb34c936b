package org.nereid.connectivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.nereid.json.Json;
import org.nereid.media.MediaException;
import org.nereid.media.Sfu;
import org.nereid.media.TransportProbe;
import org.nereid.web.Request;
import org.nereid.web.Responses;
import org.nereid.web.Route;

/**
 * {@code /.connectivity}, the server side of the connectivity check page
 * (/connectivity.html): open to anyone, as the page is for people who cannot join
 * yet, and so strictly bounded. {@code GET} says which paths the server offers
 * (its UDP media port or range, its ICE-TCP port, and, for the built-in TURN
 * server, one credential each for its UDP and its TCP URLs). {@code POST} a JSON
 * {@code {"path": "udp" | "tcp" | "turn-udp" | "turn-tcp", "sdp": OFFER}} answers
 * {@code {"sdp": ANSWER}} from a {@link TransportProbe} on the SFU's real sockets
 * offering only the candidates of that path (the TURN paths reach the UDP host
 * candidates through the relay). Probes never join a group, carry no media and
 * live seconds; {@link ProbeLimits} bounds them per address (429) and in all (503).
 *
 * <p>Only the built-in TURN server is offered: its credentials relay to this
 * server's media alone, whereas data/ice-servers.json may hold another server's
 * lasting password, which goes only to participants who joined.
 */
public final class ConnectivityRoute implements Route {
    /** An SDP offer with a handful of candidates fits many times over. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final Sfu sfu;
    private final String udpPorts;
    private final Supplier<ObjectNode> builtInTurn;
    private final ProbeLimits limits;

    /**
     * @param udpPorts    the -udp-range port or range, as the page shows it for the firewall
     * @param builtInTurn a fresh RTCIceServer of the built-in TURN server, or null when it is off
     */
    public ConnectivityRoute(Sfu sfu, String udpPorts, Supplier<ObjectNode> builtInTurn) {
        this(sfu, udpPorts, builtInTurn, ProbeLimits.defaults());
    }

    ConnectivityRoute(Sfu sfu, String udpPorts, Supplier<ObjectNode> builtInTurn, ProbeLimits limits) {
        this.sfu = sfu;
        this.udpPorts = udpPorts;
        this.builtInTurn = builtInTurn;
        this.limits = limits;
    }

    @Override
    public FullHttpResponse respond(Request request) throws IOException {
        FullHttpResponse response;
        if (request.isGetOrHead()) {
            response = Responses.json(HttpResponseStatus.OK, Json.write(paths()).getBytes(StandardCharsets.UTF_8));
        } else if (request.method().equals(HttpMethod.POST)) {
            response = probe(request);
        } else {
            response = Responses.methodNotAllowed("GET, HEAD, POST");
        }
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (request.isHead()) {
            response.content().clear();
        }
        return response;
    }

    /** What the page tests, and the ports it names when telling the operator what to open. */
    private ObjectNode paths() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putObject("udp").put("ports", udpPorts);
        if (sfu.iceTcpPort() > 0) {
            o.putObject("tcp").put("port", sfu.iceTcpPort());
        } else {
            o.putNull("tcp");
        }
        ObjectNode turn = builtInTurn == null ? null : builtInTurn.get();
        if (turn == null) {
            o.putNull("turn");
        } else {
            ObjectNode t = o.putObject("turn");
            t.set("udp", only(turn, false));
            t.set("tcp", only(turn, true));
        }
        return o;
    }

    /** The server entry with only its UDP or only its TCP URLs (null when it has none). */
    private static JsonNode only(ObjectNode server, boolean tcp) {
        ObjectNode copy = server.deepCopy();
        ArrayNode urls = copy.putArray("urls");
        for (JsonNode url : server.path("urls")) {
            if (url.asText().toLowerCase(Locale.ROOT).contains("transport=tcp") == tcp) {
                urls.add(url);
            }
        }
        return urls.isEmpty() ? JsonNodeFactory.instance.nullNode() : copy;
    }

    private FullHttpResponse probe(Request request) {
        String type = request.header(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.split(";", 2)[0].trim().equalsIgnoreCase("application/json")) {
            return Responses.text(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Send {\"path\": ..., \"sdp\": ...} as application/json.");
        }
        if (request.http().content().readableBytes() > MAX_BODY_BYTES) {
            return Responses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "An offer for a connectivity check is at most " + MAX_BODY_BYTES + " bytes.");
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(request.http().content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.path("sdp").isTextual() || !body.path("path").isTextual()) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST,
                    "Send a JSON object with \"path\" (udp, tcp, turn-udp or turn-tcp) and \"sdp\" (the offer).");
        }
        TransportProbe.Candidates which = switch (body.path("path").asText()) {
            case "udp", "turn-udp", "turn-tcp" -> TransportProbe.Candidates.UDP;
            case "tcp" -> TransportProbe.Candidates.TCP;
            default -> null;
        };
        if (which == null) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, "The path is one of udp, tcp, turn-udp, turn-tcp.");
        }
        InetAddress from = request.remote() == null ? InetAddress.getLoopbackAddress() : request.remote().getAddress();
        ProbeLimits.Slot slot;
        try {
            slot = limits.admit(from);
        } catch (ProbeLimits.Refused r) {
            return refused(r.refusal);
        }
        try {
            TransportProbe probe = sfu.probe(body.path("sdp").asText(), which);
            slot.watch(probe::isClosed);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.put("sdp", probe.answer());
            return Responses.json(HttpResponseStatus.OK, Json.write(answer).getBytes(StandardCharsets.UTF_8));
        } catch (MediaException e) {
            slot.release();
            return Responses.text(HttpResponseStatus.BAD_REQUEST, "No connectivity check: " + e.getMessage());
        } catch (RuntimeException e) {
            slot.release();
            return Responses.text(HttpResponseStatus.BAD_REQUEST, "No connectivity check: the offer could not be"
                    + " answered; send the offer of an RTCPeerConnection with one audio transceiver.");
        }
    }

    private static FullHttpResponse refused(ProbeLimits.Refusal refusal) {
        FullHttpResponse r = refusal == ProbeLimits.Refusal.ADDRESS
                ? Responses.text(HttpResponseStatus.TOO_MANY_REQUESTS,
                        "Too many connectivity checks from your address at once; wait a few seconds and try again.")
                : Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "The server is running too many connectivity checks; try again in a minute.");
        r.headers().set(HttpHeaderNames.RETRY_AFTER, refusal == ProbeLimits.Refusal.ADDRESS ? "5" : "30");
        return r;
    }
}
