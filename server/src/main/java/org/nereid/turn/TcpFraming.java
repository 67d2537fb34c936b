package org.nereid.turn;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a TURN-over-TCP byte stream into messages (RFC 8656 §12.5): a STUN message
 * is 20 bytes of header plus its length; a ChannelData message is 4 bytes plus its
 * length, padded to a multiple of four. Anything else ends the connection.
 */
final class TcpFraming extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int first = in.getUnsignedByte(in.readerIndex()) & 0xC0;
            int length = in.getUnsignedShort(in.readerIndex() + 2);
            int frame;
            if (first == 0x00) {
                frame = StunCodec.HEADER + length;
            } else if (first == 0x40) {
                frame = 4 + ((length + 3) & ~3);
            } else {
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < frame) {
                return;
            }
            out.add(in.readRetainedSlice(frame));
        }
    }
}
