package org.nereid.web.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.nereid.web.Request;

/** A request to the admin API with the helpers its handlers share. */
record ApiRequest(Request request) {

    String method() {
        return request.method().name();
    }

    boolean isRead() {
        return request.isGetOrHead();
    }

    boolean isHead() {
        return request.isHead();
    }

    String header(String name) {
        return request.header(name);
    }

    /** The body as text, after checking its media type (415 with Accept otherwise). */
    String body(String mediaType) throws ApiException {
        String type = request.header(HttpHeaderNames.CONTENT_TYPE);
        String bare = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!bare.equals(mediaType)) {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported content type; send " + mediaType + ".", Map.of("Accept", mediaType));
        }
        return request.http().content().toString(StandardCharsets.UTF_8);
    }
}
