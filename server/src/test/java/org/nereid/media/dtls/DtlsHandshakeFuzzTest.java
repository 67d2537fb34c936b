package org.nereid.media.dtls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.nereid.fuzz.FuzzTarget;

/**
 * Datagrams from a peer into the SFU's side of DTLS (the server role of {@link DtlsEndpoint}:
 * bctls with {@link DtlsPeers.Server}, which checks the certificate against the SDP fingerprint
 * and negotiates SRTP). Whatever arrives, the handshake ends in an IOException (a fatal alert,
 * a truncated message, or no more datagrams), never in anything else; the transport then closes
 * the connection. bctls's IOExceptions do not always carry a message (a truncated message is a
 * bare {@code EOFException}), so they are not held to the rule of a sentence. A case is a mode
 * byte (bit 0: skip the cookie exchange, to reach the later messages) then datagrams, each with
 * a two-byte length.
 */
class DtlsHandshakeFuzzTest {
    private static final RemoteFingerprint REMOTE = new RemoteFingerprint("sha-256",
            "7E:5F:B9:97:4F:D2:0A:B4:73:40:2F:17:91:73:2C:BD:51:E2:F7:58:9C:43:B1:39:6F:BB:1E:73:E0:75:A8:3A");

    @FuzzTest(maxDuration = "3s")
    void refusesOrAnswers(byte[] input) {
        FuzzTarget.check(input, () -> {
            if (input.length == 0) {
                return;
            }
            DTLSServerProtocol protocol = new DTLSServerProtocol();
            protocol.setVerifyRequests((input[0] & 1) == 0);
            try {
                protocol.accept(new DtlsPeers.Server(DtlsIdentity.get(), REMOTE), new Datagrams(input));
            } catch (IOException e) {
                // the handshake failed, as it must
            }
        });
    }

    /** The case's datagrams, then the end of the link (as when the endpoint closes). */
    private static final class Datagrams implements DatagramTransport {
        private final ByteBuffer in;

        Datagrams(byte[] input) {
            in = ByteBuffer.wrap(input, 1, input.length - 1);
        }

        @Override
        public int getReceiveLimit() {
            return 1500 - 20 - 8;
        }

        @Override
        public int getSendLimit() {
            return 1500 - 84 - 8;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (in.remaining() < 2) {
                throw new IOException("no more datagrams");
            }
            int length = Math.min(in.getShort() & 0xFFFF, in.remaining());
            int n = Math.min(len, length);
            in.get(buf, off, n);
            in.position(in.position() + length - n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            // the answers go nowhere: only what the server does with the input matters
        }

        @Override
        public void close() {
        }
    }
}
