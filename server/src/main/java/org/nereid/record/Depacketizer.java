package org.nereid.record;

/** Turns the RTP payloads of one track, in sequence order, into frames. */
interface Depacketizer {
    /**
     * Takes the next packet's payload.
     *
     * @param timestamp the packet's extended RTP timestamp
     * @param gapBefore packets were lost just before this one
     * @return the frame this packet completes, or null
     */
    Frame push(byte[] payload, long timestamp, boolean marker, boolean gapBefore);

    static Depacketizer forCodec(RecordCodec codec) {
        return switch (codec) {
            case OPUS -> (payload, timestamp, marker, gapBefore) ->
                    payload.length == 0 ? null : new Frame(payload, timestamp, true, 0, 0);
            case VP8 -> new VideoAssembler(new Vp8Format());
            case VP9 -> new VideoAssembler(new Vp9Format());
            case H264 -> new H264Assembler();
            case AV1 -> new Av1Assembler();
        };
    }
}
