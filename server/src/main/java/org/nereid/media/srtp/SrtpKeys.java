package org.nereid.media.srtp;

/**
 * The keys DTLS exported for one peer connection, already split by direction.
 *
 * @param profile    the negotiated protection profile
 * @param sendKey    master key for what we send
 * @param sendSalt   master salt for what we send
 * @param receiveKey master key for what the peer sends
 * @param receiveSalt master salt for what the peer sends
 */
public record SrtpKeys(SrtpProfile profile, byte[] sendKey, byte[] sendSalt, byte[] receiveKey, byte[] receiveSalt) {

    /**
     * Splits RFC 5764 §4.2 keying material (client key | server key | client
     * salt | server salt): the DTLS server sends with the server half.
     */
    public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean dtlsServer) {
        int k = profile.keyLength;
        int s = profile.saltLength;
        if (material.length != 2 * (k + s)) {
            throw new IllegalArgumentException("keying material is " + material.length + " bytes, expected " + 2 * (k + s));
        }
        byte[] clientKey = java.util.Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = java.util.Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = java.util.Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = java.util.Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return dtlsServer
                ? new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }
}
