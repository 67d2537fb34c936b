package org.nereid.media.srtp;

import java.lang.reflect.Field;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.CipherFactory;
import org.jitsi.srtp.crypto.HmacSha1;
import org.jitsi.utils.logging2.Logger;

/**
 * Chooses the cryptography jitsi-srtp uses, once, before its first use:
 * AES from {@link SrtpCipherFactory} (the JDK's, with in-place CTR, and
 * OpenSSL's GCM where jitsi-srtp's native library loads) and HMAC-SHA1 from
 * the JDK.
 *
 * <p>jitsi-srtp offers no working setting for either. Left alone it
 * benchmarks every AES provider on first use (over 10 s on a loaded 2-core
 * machine) and takes its OpenSSL JNI HMAC whenever that library loads, which
 * per 1.2 kB packet was about a quarter slower here than the JDK's (the JDK
 * uses the CPU's SHA instructions); HMAC is most of the AES-CM profile's
 * cost. {@code Aes.setFactoryClassName} accepts only its own factories (a
 * class of ours is looked up and then dropped). Both choices are caches that
 * jitsi-srtp fills on first use only when empty, so they are filled first,
 * by reflection; if a jitsi-srtp update renames them, SRTP still works with
 * jitsi-srtp's own choice (logged).
 */
final class JitsiSrtpCrypto {
    private JitsiSrtpCrypto() {
    }

    static void install(Logger logger) {
        try {
            CipherFactory ours = new SrtpCipherFactory();
            @SuppressWarnings("unchecked")
            Map<String, CipherFactory> aes = (Map<String, CipherFactory>) field(Aes.class, "fastestFactories").get(null);
            synchronized (Aes.class) {
                for (String transformation : List.of("AES/CTR/NoPadding", "AES/GCM/NoPadding", "AES/ECB/NoPadding")) {
                    aes.putIfAbsent(transformation, ours);
                }
            }
            logger.info("SRTP's AES-GCM: " + (SrtpCipherFactory.gcmFromOpenSsl() ? "OpenSSL's (jitsi-srtp's native library)"
                    : "the JDK's (jitsi-srtp's native library for OpenSSL did not load)"));
            Field providers = field(HmacSha1.class, "providers");
            synchronized (HmacSha1.class) {
                if (providers.get(null) == null) {
                    providers.set(null, new ArrayList<Provider>(List.of(Security.getProvider("SunJCE"))));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // only slower, never wrong
            logger.warn("could not choose SRTP's AES and HMAC; jitsi-srtp picks its own: " + e);
        }
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field f = owner.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
