package org.nereid.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.CompletionStage;

/**
 * An answer a route gives later: the route returns this at once and the stage completes
 * off the event loop (WHIP waits for signalling and the media engine, which no event
 * loop may wait for). The connection reads nothing more until the answer is written, so
 * answers keep the order of their requests.
 */
public final class LaterResponse extends DefaultFullHttpResponse {
    private final CompletionStage<FullHttpResponse> answer;

    private LaterResponse(CompletionStage<FullHttpResponse> answer) {
        super(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
        this.answer = answer;
    }

    public static FullHttpResponse of(CompletionStage<FullHttpResponse> answer) {
        return new LaterResponse(answer);
    }

    CompletionStage<FullHttpResponse> answer() {
        return answer;
    }
}
