package org.nereid.media.srtp;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP for one peer connection: a context per SSRC and direction,
 * derived once and kept (the SRTCP index and ROC live in the context). Callers
 * on the packet path keep the context they got instead of looking it up again.
 */
public final class SrtpSession implements AutoCloseable {
    private static final Logger LOGGER = new LoggerImpl(SrtpSession.class.getName());

    static {
        JitsiSrtpCrypto.install(LOGGER);
    }

    private final SrtpProfile profile;
    private final SrtpContextFactory sender;
    private final SrtpContextFactory receiver;
    private final Map<Integer, SrtpCryptoContext> sendRtp = new ConcurrentHashMap<>();
    private final Map<Integer, SrtcpCryptoContext> sendRtcp = new ConcurrentHashMap<>();
    private final Map<Integer, SrtpCryptoContext> receiveRtp = new ConcurrentHashMap<>();
    private final Map<Integer, SrtcpCryptoContext> receiveRtcp = new ConcurrentHashMap<>();

    public SrtpSession(SrtpKeys keys) {
        this.profile = keys.profile();
        this.sender = new SrtpContextFactory(true, keys.sendKey(), keys.sendSalt(),
                keys.profile().policy(), keys.profile().policy(), LOGGER);
        this.receiver = new SrtpContextFactory(false, keys.receiveKey(), keys.receiveSalt(),
                keys.profile().policy(), keys.profile().policy(), LOGGER);
    }

    /**
     * Makes jitsi-srtp set up its cipher factories now rather than during the
     * first call's handshake: that first use loads (and, from signed jars,
     * verifies) provider classes, which took seconds on a loaded machine.
     */
    public static void warmUp() {
        for (SrtpProfile p : SrtpProfile.values()) {
            byte[] material = new byte[2 * (p.keyLength + p.saltLength)];
            SrtpSession s = new SrtpSession(SrtpKeys.fromKeyingMaterial(p, material, true));
            s.sendContext(1);
            s.sendControlContext(1);
            s.close();
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    public SrtpCryptoContext sendContext(int ssrc) {
        return sendRtp.computeIfAbsent(ssrc, s -> derive(() -> sender.deriveContext(s, 0)));
    }

    public SrtcpCryptoContext sendControlContext(int ssrc) {
        return sendRtcp.computeIfAbsent(ssrc, s -> derive(() -> sender.deriveControlContext(s)));
    }

    public SrtpCryptoContext receiveContext(int ssrc) {
        return receiveRtp.computeIfAbsent(ssrc, s -> derive(() -> receiver.deriveContext(s, 0)));
    }

    /** Unprotects an SRTCP packet in place, keyed by its sender SSRC; false when it does not authenticate. */
    public boolean unprotectRtcp(PacketBuffer packet) {
        if (packet.getLength() < 8) {
            return false;
        }
        int ssrc = org.nereid.media.rtp.Rtcp.senderSsrc(packet.getBuffer(), packet.getOffset());
        SrtcpCryptoContext ctx = receiveRtcp.get(ssrc);
        if (ctx == null) {
            ctx = receiveRtcp.computeIfAbsent(ssrc, s -> derive(() -> receiver.deriveControlContext(s)));
        }
        try {
            return ctx.reverseTransformPacket(packet) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    // The three methods below are on the packet path: no lambdas (they would allocate).

    /** Unprotects an SRTP packet in place with the context of its SSRC. */
    public static boolean unprotect(SrtpCryptoContext ctx, PacketBuffer packet) {
        try {
            return ctx.reverseTransformPacket(packet, false) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Protects an SRTP packet in place (appends the tag). */
    public static boolean protect(SrtpCryptoContext ctx, PacketBuffer packet) {
        try {
            return ctx.transformPacket(packet) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Protects an SRTCP packet in place (appends index and tag). */
    public static boolean protect(SrtcpCryptoContext ctx, PacketBuffer packet) {
        try {
            return ctx.transformPacket(packet) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public void close() {
        sender.close();
        receiver.close();
    }

    private interface Derivation<T> {
        T run() throws GeneralSecurityException;
    }

    private static <T> T derive(Derivation<T> d) {
        try {
            return d.run();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive an SRTP context: " + e.getMessage(), e);
        }
    }
}
