package org.nereid.media.srtp;

import org.jitsi.srtp.SrtpPolicy;

/** The DTLS-SRTP protection profiles Nereid negotiates (RFC 5764, RFC 7714), most preferred first. */
public enum SrtpProfile {
    AEAD_AES_128_GCM(0x0007, 16, 12),
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14);

    /** The use_srtp profile identifier. */
    public final int id;
    public final int keyLength;
    public final int saltLength;

    SrtpProfile(int id, int keyLength, int saltLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    public static SrtpProfile byId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }

    /** A fresh policy (policies are mutable, so one per factory). */
    SrtpPolicy policy() {
        SrtpPolicy policy = this == AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
        // NACKed packets are resent with their original sequence number
        policy.setSendReplayEnabled(false);
        return policy;
    }
}
