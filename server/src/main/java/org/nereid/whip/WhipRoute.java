package org.nereid.whip;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nereid.group.ServerConfigFile;
import org.nereid.signal.SignalService;
import org.nereid.web.Cors;
import org.nereid.web.LaterResponse;
import org.nereid.web.Request;
import org.nereid.web.RequestPath;
import org.nereid.web.Responses;
import org.nereid.web.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WHIP ingest (RFC 9725) at {@code /group/NAME/.whip}, as Galène 1.0 serves it: a POST of
 * an SDP offer with an optional bearer token creates a session that publishes into the
 * group ({@link WhipSession}) and answers 201 with the SDP answer, the session's URL in
 * {@code Location}, an {@code ETag} and the ICE servers in {@code Link}; PATCHes of
 * {@code application/trickle-ice-sdpfrag} at that URL trickle candidates or restart ICE
 * (new credentials: answered with the server's fragment and a new ETag); DELETE ends it.
 * {@code If-Match} and {@code If-None-Match} are checked on both. Origins follow Galène:
 * a request without Origin (OBS, GStreamer) or from this server's own pages is fine, a
 * page of another site must be listed in {@code allowOrigin}.
 *
 * <p>The one entry point: everything WHIP goes through {@link #respond}.
 */
public final class WhipRoute implements Route {
    private static final Logger log = LoggerFactory.getLogger(WhipRoute.class);
    /** Offers and fragments are a few kilobytes; Galène allows up to 1 MiB. */
    static final int MAX_BODY = 64 * 1024;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final String SDP = "application/sdp";
    private static final String FRAGMENT = "application/trickle-ice-sdpfrag";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignalService signal;
    private final ServerConfigFile config;
    private final Supplier<JsonNode> rtcConfiguration;
    private final Map<String, WhipSession> sessions = new ConcurrentHashMap<>();

    /**
     * @param signal           where sessions join and publish
     * @param rtcConfiguration the ICE servers clients get (Link headers)
     */
    public WhipRoute(SignalService signal, ServerConfigFile config, Supplier<JsonNode> rtcConfiguration) {
        this.signal = signal;
        this.config = config;
        this.rtcConfiguration = rtcConfiguration;
    }

    @Override
    public FullHttpResponse respond(Request request) {
        List<String> segments = request.path().segments();
        int whip = segments.indexOf(".whip");
        String group = String.join("/", segments.subList(1, whip));
        List<String> rest = segments.subList(whip + 1, segments.size());
        if (rest.size() > 1 || request.path().trailingSlash()) {
            return Responses.text(HttpResponseStatus.NOT_FOUND, "There is nothing here: a WHIP endpoint is"
                    + " /group/NAME/.whip.");
        }
        try {
            return rest.isEmpty() ? endpoint(request, group) : resource(request, group, rest.get(0));
        } catch (WhipRefusal r) {
            return refusal(request, r);
        }
    }

    /** How many WHIP sessions are open now. */
    public int sessionCount() {
        return sessions.size();
    }

    // ---- /group/NAME/.whip

    private FullHttpResponse endpoint(Request request, String group) {
        if (signal.registry().resolve(group).isEmpty()) {
            throw new WhipRefusal(HttpResponseStatus.NOT_FOUND, "There is no group " + group + ".");
        }
        if (request.method().equals(HttpMethod.OPTIONS)) {
            FullHttpResponse r = Responses.empty(HttpResponseStatus.OK);
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "OPTIONS, POST");
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Link");
            return cors(request, r);
        }
        if (!request.method().equals(HttpMethod.POST)) {
            return cors(request, Responses.methodNotAllowed("OPTIONS, POST"));
        }
        String offer = body(request, SDP);
        if (!offer.startsWith("v=0")) {
            throw new WhipRefusal(HttpResponseStatus.BAD_REQUEST, "The body is not an SDP offer: it must start"
                    + " with v=0.");
        }
        String token = bearerToken(request);
        WhipSession session = new WhipSession(newId(), newId(), group, token, address(request),
                s -> sessions.remove(s.resource(), s));
        sessions.put(session.resource(), session);
        String location = "/group/" + RequestPath.encodePath(group) + "/.whip/" + session.resource();
        CompletionStage<String> answer = session.join(signal).thenCompose(granted -> session.publish(offer));
        return later(request, session, answer, sdp -> {
            session.etag(newEtag());
            FullHttpResponse r = Responses.bytes(HttpResponseStatus.CREATED, SDP, sdp.getBytes(StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.LOCATION, location);
            r.headers().set(HttpHeaderNames.ETAG, session.etag());
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Location, Content-Type, Link, ETag");
            // only here, where credentials were checked: OPTIONS would hand TURN credentials to anyone
            for (String link : IceServerLinks.of(rtcConfiguration.get())) {
                r.headers().add("Link", link);
            }
            return r;
        });
    }

    // ---- /group/NAME/.whip/ID

    private FullHttpResponse resource(Request request, String group, String id) {
        WhipSession session = sessions.get(id);
        // a session whose POST is still being answered has no ETag yet, nor a URL its client knows
        if (session == null || !session.group().equals(group) || session.etag() == null) {
            throw new WhipRefusal(HttpResponseStatus.NOT_FOUND, "There is no such WHIP session: it has ended,"
                    + " or never was.");
        }
        if (session.token() != null && !sameToken(session.token(), bearerToken(request))) {
            throw new WhipRefusal(HttpResponseStatus.FORBIDDEN, "This WHIP session was opened with another token;"
                    + " send the same one (Authorization: Bearer).");
        }
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.OPTIONS)) {
            FullHttpResponse r = Responses.empty(HttpResponseStatus.OK);
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "OPTIONS, DELETE, PATCH");
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                    "Authorization, Content-Type, If-Match, If-None-Match");
            return cors(request, r);
        }
        if (!method.equals(HttpMethod.DELETE) && !method.equals(HttpMethod.PATCH)) {
            return cors(request, Responses.methodNotAllowed("OPTIONS, DELETE, PATCH"));
        }
        checkPreconditions(request, session.etag());
        if (method.equals(HttpMethod.DELETE)) {
            session.end("the publisher deleted it");
            return cors(request, Responses.empty(HttpResponseStatus.OK));
        }
        SdpFragment fragment;
        try {
            fragment = SdpFragment.parse(body(request, FRAGMENT));
        } catch (IllegalArgumentException e) {
            throw new WhipRefusal(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        if (!fragment.restarts(session.remoteCredentials())) {
            session.trickle(fragment);
            return cors(request, Responses.empty(HttpResponseStatus.NO_CONTENT));
        }
        if (fragment.ufrag() == null || fragment.pwd() == null) {
            throw new WhipRefusal(HttpResponseStatus.BAD_REQUEST, "An ICE restart needs both a=ice-ufrag and"
                    + " a=ice-pwd in the fragment.");
        }
        return later(request, null, session.restart(fragment), answer -> {
            session.etag(newEtag());
            FullHttpResponse r = Responses.bytes(HttpResponseStatus.OK, FRAGMENT,
                    answer.getBytes(StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.ETAG, session.etag());
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag");
            return r;
        });
    }

    // ---- helpers

    /**
     * The answer once {@code pending} completes, made by {@code ok}; a refusal or a timeout
     * answers with its sentence, and a session that could not be set up ({@code failing}) ends.
     */
    private FullHttpResponse later(Request request, WhipSession failing, CompletionStage<String> pending,
                                   Function<String, FullHttpResponse> ok) {
        CompletableFuture<FullHttpResponse> answer = pending.toCompletableFuture()
                .orTimeout(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
                .handle((value, failure) -> {
                    if (failure == null) {
                        return cors(request, ok.apply(value));
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (failing != null) {
                        failing.end("it could not be set up: " + cause.getMessage());
                    }
                    if (cause instanceof WhipRefusal r) {
                        return refusal(request, r);
                    }
                    if (cause instanceof TimeoutException) {
                        return refusal(request, new WhipRefusal(HttpResponseStatus.SERVICE_UNAVAILABLE,
                                "The server did not answer within " + ANSWER_WITHIN.toSeconds() + " s; try again."));
                    }
                    log.error("WHIP {} {} failed", request.method(), request.path().path(), cause);
                    return refusal(request, new WhipRefusal(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            "Internal server error; see the server log."));
                });
        return LaterResponse.of(answer);
    }

    private FullHttpResponse refusal(Request request, WhipRefusal r) {
        FullHttpResponse response = Responses.text(r.status(), r.getMessage());
        if (r.status().equals(HttpResponseStatus.UNAUTHORIZED)) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (r.location() != null) {
            response.headers().set(HttpHeaderNames.LOCATION, r.location());
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Location");
        }
        return cors(request, response);
    }

    private FullHttpResponse cors(Request request, FullHttpResponse response) {
        Cors.addHeaders(response.headers(), request, config.current(), false);
        return response;
    }

    /** The body as text, if its type is {@code type} (parameters aside) and its size reasonable. */
    private static String body(Request request, String type) {
        String sent = request.header(HttpHeaderNames.CONTENT_TYPE);
        String bare = sent == null ? "" : sent.split(";", 2)[0].trim();
        if (!bare.equalsIgnoreCase(type)) {
            throw new WhipRefusal(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "The body must be of type " + type
                    + ", not " + (sent == null ? "untyped" : sent) + ".");
        }
        int length = request.http().content().readableBytes();
        if (length > MAX_BODY) {
            throw new WhipRefusal(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "The body has " + length
                    + " bytes; at most " + MAX_BODY + " are accepted.");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(request.http().content().nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw new WhipRefusal(HttpResponseStatus.BAD_REQUEST, "The body is not UTF-8 text.");
        }
    }

    /** RFC 7232's If-Match and If-None-Match, as Galène checks them: a mismatch is 412. */
    private static void checkPreconditions(Request request, String etag) {
        String ifMatch = request.header(HttpHeaderNames.IF_MATCH);
        String ifNoneMatch = request.header(HttpHeaderNames.IF_NONE_MATCH);
        if (ifMatch != null && !ETags.match(etag, ifMatch) || ifNoneMatch != null && ETags.match(etag, ifNoneMatch)) {
            throw new WhipRefusal(HttpResponseStatus.PRECONDITION_FAILED, "The session has changed since the ETag"
                    + " you sent (an ICE restart gives a new one); its ETag is now " + etag + ".");
        }
    }

    /** The token of "Authorization: Bearer TOKEN" (among comma-separated credentials), or null. */
    static String bearerToken(Request request) {
        String header = request.header(HttpHeaderNames.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        for (String credentials : header.split(",")) {
            String[] parts = credentials.trim().split(" ");
            if (parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals("bearer") && !parts[1].isEmpty()) {
                return parts[1];
            }
        }
        return null;
    }

    private static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private static String address(Request request) {
        return request.remote().getAddress().getHostAddress() + ":" + request.remote().getPort();
    }

    private static String newEtag() {
        return "\"" + newId() + "\"";
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
