package org.nereid.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.URISyntaxException;
import org.nereid.logging.LogText;
import org.nereid.logging.Throttle;
import org.nereid.model.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses cross-site request forgery. CORS only hides an answer from a foreign page; a
 * browser still carries out a form POST or a "simple" PUT with the administrator's cached
 * Basic credentials. So a state-changing request (any method but GET, HEAD and OPTIONS)
 * that a browser sent for a page of another site is refused before any route sees it.
 *
 * <p>The browser tells where a request comes from: {@code Sec-Fetch-Site} when it sends it
 * ({@code same-origin}, or {@code none} for something the user typed, pass), else
 * {@code Origin}, else the origin of {@code Referer}. That origin must be this server's
 * (the Host the request names, as in {@link Cors}) or be listed in {@code allowOrigin}
 * ({@code allowAdminOrigin} for the admin API). A request with none of these headers comes
 * from a program, not a page (galenectl, nereidctl, curl), and passes.
 */
final class CrossSiteWrites {
    private static final Logger log = LoggerFactory.getLogger(CrossSiteWrites.class);
    private static final Throttle THROTTLE = new Throttle(10_000);

    private CrossSiteWrites() {
    }

    /** The 403 for a forged request, or null when it may go on to its route. */
    static FullHttpResponse check(Request request, ServerConfig config, boolean admin) {
        if (isSafe(request.method())) {
            return null;
        }
        String fetchSite = request.header("Sec-Fetch-Site");
        if ("same-origin".equalsIgnoreCase(fetchSite) || "none".equalsIgnoreCase(fetchSite)) {
            return null;
        }
        String origin = request.header(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            origin = originOf(request.header(HttpHeaderNames.REFERER));
        }
        if (origin == null ? fetchSite == null : Cors.allowed(origin, request, config, admin)) {
            return null;
        }
        String from = origin;
        THROTTLE.log(n -> log.info("{} {} from {} refused: sent by a page of {}{}", request.method(),
                LogText.of(request.path().path()), request.remote(), LogText.of(from), Throttle.leftOut(n)));
        return Responses.text(HttpResponseStatus.FORBIDDEN, "Cross-site request refused: a page of another site"
                + " may not change anything here (see allowOrigin and allowAdminOrigin in data/config.json).");
    }

    private static boolean isSafe(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS);
    }

    /** "scheme://authority" of a Referer URL; "null" (matching nothing) when it has none; null without one. */
    private static String originOf(String referer) {
        if (referer == null) {
            return null;
        }
        try {
            URI uri = new URI(referer);
            if (uri.getScheme() != null && uri.getRawAuthority() != null) {
                return uri.getScheme() + "://" + uri.getRawAuthority();
            }
        } catch (URISyntaxException e) {
            // an unparsable Referer proves nothing about its page
        }
        return "null";
    }
}
