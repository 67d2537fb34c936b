package org.nereid.web.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** An admin API request refused with a status and a sentence; extra headers (Allow, Accept) ride along. */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final transient Map<String, String> headers;

    ApiException(HttpResponseStatus status, String message) {
        this(status, message, Map.of());
    }

    ApiException(HttpResponseStatus status, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.headers = headers;
    }

    HttpResponseStatus status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    static ApiException notFound() {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "Not found.");
    }

    static ApiException methodNotAllowed(String allowed) {
        return new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed; use " + allowed + ".",
                Map.of("Allow", "OPTIONS, " + allowed));
    }

    static ApiException preconditionFailed() {
        return new ApiException(HttpResponseStatus.PRECONDITION_FAILED,
                "The resource changed since you read it (ETag mismatch); read it again and retry.");
    }
}
