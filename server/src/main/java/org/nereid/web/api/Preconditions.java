package org.nereid.web.api;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * RFC 9110 conditional requests as Galène evaluates them, where the empty ETag means the
 * resource does not exist: {@code If-Match} must match (so {@code If-Match: *} needs an
 * existing resource), {@code If-None-Match} must not ({@code If-None-Match: *} creates only).
 */
final class Preconditions {
    private Preconditions() {
    }

    /** Null when the request may proceed; 304 for a GET or HEAD whose copy is current; else 412. */
    static HttpResponseStatus check(String method, String ifMatch, String ifNoneMatch, String etag) {
        if (ifMatch != null && !ifMatch.isBlank() && !matches(etag, ifMatch)) {
            return HttpResponseStatus.PRECONDITION_FAILED;
        }
        if (ifNoneMatch != null && !ifNoneMatch.isBlank() && matches(etag, ifNoneMatch)) {
            return method.equals("GET") || method.equals("HEAD")
                    ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.PRECONDITION_FAILED;
        }
        return null;
    }

    /** Whether an If-Match / If-None-Match list names this ETag ({@code *}: any existing one). */
    static boolean matches(String etag, String header) {
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (tag.equals("*")) {
                if (!etag.isEmpty()) {
                    return true;
                }
                continue;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (!etag.isEmpty() && tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Throws 412 (or 304) unless the request's preconditions hold for this ETag. */
    static void require(ApiRequest request, String etag) throws ApiException {
        HttpResponseStatus status = check(request.method(), request.header("If-Match"), request.header("If-None-Match"), etag);
        if (status == null) {
            return;
        }
        if (status.equals(HttpResponseStatus.NOT_MODIFIED)) {
            throw new ApiException(status, "", java.util.Map.of("ETag", etag));
        }
        throw ApiException.preconditionFailed();
    }
}
