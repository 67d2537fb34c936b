package org.nereid.web;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;

/** One HTTP request as routes see it: the Netty request, its checked path and how it arrived. */
public record Request(FullHttpRequest http, RequestPath path, boolean secure, InetSocketAddress remote) {

    public HttpMethod method() {
        return http.method();
    }

    public boolean isGetOrHead() {
        return method().equals(HttpMethod.GET) || method().equals(HttpMethod.HEAD);
    }

    public boolean isHead() {
        return method().equals(HttpMethod.HEAD);
    }

    /** The first value of a header, or null. */
    public String header(CharSequence name) {
        return http.headers().get(name);
    }

    /** The Host header as sent (host and optional port), or the empty string. */
    public String host() {
        String host = header(HttpHeaderNames.HOST);
        return host == null ? "" : host;
    }
}
