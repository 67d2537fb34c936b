package org.nereid.web.api;

import io.netty.handler.codec.http.FullHttpResponse;
import java.util.List;
import org.nereid.web.Request;

/**
 * The {@code .groups/NAME/.tokens/...} endpoints, and the same per user at
 * {@code .groups/NAME/.users/USER/.tokens/...}, supplied with the token store (auth).
 * Called after authentication and CORS; without one these paths answer 404.
 */
@FunctionalInterface
public interface TokenApi {
    /**
     * @param group the group named in the path
     * @param user  the user named in the path, or null for all the group's tokens
     * @param rest  the segments after {@code .tokens} (empty for the list)
     * @param trailingSlash whether the path ended with a slash
     */
    FullHttpResponse respond(Request request, String group, String user, List<String> rest, boolean trailingSlash)
            throws Exception;
}
