package org.nereid.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.file.Path;

/**
 * A response whose body is a slice of a file: the connection handler streams
 * it in chunks instead of holding it in memory (recordings can be large). The
 * headers, Content-Length included, are set; the content stays empty.
 */
public final class FileResponse extends DefaultFullHttpResponse {
    private final Path file;
    private final long offset;
    private final long length;

    public FileResponse(HttpResponseStatus status, String contentType, Path file, long offset, long length) {
        super(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        this.file = file;
        this.offset = offset;
        this.length = length;
        headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }

    public long length() {
        return length;
    }
}
