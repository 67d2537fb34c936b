package org.nereid.web;

import io.netty.handler.codec.http.FullHttpResponse;

/** Something that answers requests under a path; the admin API plugs in as one. */
@FunctionalInterface
public interface Route {
    FullHttpResponse respond(Request request) throws Exception;
}
