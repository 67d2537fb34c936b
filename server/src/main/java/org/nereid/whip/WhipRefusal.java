package org.nereid.whip;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Why a WHIP request failed: the HTTP status and a sentence for the publisher (and where to go, for a redirect). */
final class WhipRefusal extends RuntimeException {
    private final transient HttpResponseStatus status;
    private final String location;

    WhipRefusal(HttpResponseStatus status, String sentence) {
        this(status, sentence, null);
    }

    private WhipRefusal(HttpResponseStatus status, String sentence, String location) {
        super(sentence, null, false, false);
        this.status = status;
        this.location = location;
    }

    /**
     * 307 to the same WHIP endpoint on the node that hosts the group (docs/cluster.md): a WHIP
     * client repeats its POST, offer and credentials there.
     */
    static WhipRefusal movedTo(String endpoint, String group) {
        return new WhipRefusal(HttpResponseStatus.TEMPORARY_REDIRECT, "Group " + group + " is hosted by another"
                + " node; publish at " + endpoint + ".", endpoint);
    }

    HttpResponseStatus status() {
        return status;
    }

    /** The URL a redirect sends the client to; null for a refusal. */
    String location() {
        return location;
    }
}
