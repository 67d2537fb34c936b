package org.nereid.whip;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Why a WHIP request failed: the HTTP status and a sentence for the publisher. */
final class WhipRefusal extends RuntimeException {
    private final transient HttpResponseStatus status;

    WhipRefusal(HttpResponseStatus status, String sentence) {
        super(sentence, null, false, false);
        this.status = status;
    }

    HttpResponseStatus status() {
        return status;
    }
}
