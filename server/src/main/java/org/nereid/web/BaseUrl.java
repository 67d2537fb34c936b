package org.nereid.web;

import java.net.URI;
import java.net.URISyntaxException;
import org.nereid.model.ServerConfig;

/**
 * The root URL clients are given: how the request came in, overridden part by part by
 * {@code proxyURL} (scheme, host, path) when the server runs behind a reverse proxy.
 */
public final class BaseUrl {
    private BaseUrl() {
    }

    public static URI of(Request request, ServerConfig config) throws URISyntaxException {
        String scheme = request.secure() ? "https" : "http";
        String authority = request.host().isEmpty() ? "localhost" : request.host();
        String path = "";
        if (!config.proxyURL().isEmpty()) {
            URI proxy = new URI(config.proxyURL());
            if (proxy.getScheme() != null) {
                scheme = proxy.getScheme();
            }
            if (proxy.getRawAuthority() != null) {
                authority = proxy.getRawAuthority();
            }
            path = proxy.getRawPath() == null ? "" : proxy.getRawPath();
        }
        return new URI(scheme + "://" + authority + path);
    }
}
