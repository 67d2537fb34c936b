package org.nereid.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;

import java.text.ParseException;
import java.util.Map;

/**
 * One key of a group's {@code authKeys}, pinned to the algorithm its JWK names.
 *
 * <p>A JWK must name its {@code alg}, as Galène requires, and the algorithm must suit the
 * key type: {@code oct} with HS256/384/512 (a secret at least as long as the hash),
 * {@code EC} with ES256/P-256, ES384/P-384, ES512/P-521, {@code RSA} with RS256/384/512
 * or PS256/384/512 (at least 2048 bits). A token is only ever checked with a key whose
 * algorithm equals the token's, so an HMAC key never meets an RSA-signed token and
 * {@code none} is never an option.
 *
 * @param kid       the key id, or null
 * @param algorithm the one algorithm this key verifies
 * @param verifier  the verifier for it
 */
record AuthKey(String kid, JWSAlgorithm algorithm, JWSVerifier verifier) {

    /** Parses one JWK; throws {@link IllegalArgumentException} with a sentence saying what is wrong. */
    static AuthKey parse(Map<String, Object> json) {
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a valid JWK: " + e.getMessage(), e);
        }
        if (jwk.getAlgorithm() == null) {
            throw new IllegalArgumentException("the key has no \"alg\"; name its algorithm, e.g. \"HS256\"");
        }
        JWSAlgorithm alg = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
        try {
            return new AuthKey(jwk.getKeyID(), alg, verifierFor(jwk, alg));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable " + alg + " key: " + e.getMessage(), e);
        }
    }

    private static JWSVerifier verifierFor(JWK jwk, JWSAlgorithm alg) throws JOSEException {
        if (jwk instanceof OctetSequenceKey oct) {
            int minBytes = minimumSecretBytes(alg);
            byte[] secret = oct.toByteArray();
            if (secret.length < minBytes) {
                throw new IllegalArgumentException(alg + " needs a secret of at least " + minBytes
                        + " bytes, this one has " + secret.length);
            }
            return new MACVerifier(secret);
        }
        if (jwk instanceof ECKey ec) {
            Curve expected = curveFor(alg);
            if (!expected.equals(ec.getCurve())) {
                throw new IllegalArgumentException(alg + " needs curve " + expected + ", not " + ec.getCurve());
            }
            return new ECDSAVerifier(ec.toPublicJWK());
        }
        if (jwk instanceof RSAKey rsa) {
            if (!JWSAlgorithm.Family.RSA.contains(alg)) {
                throw new IllegalArgumentException("an RSA key cannot be used with " + alg);
            }
            if (rsa.size() < 2048) {
                throw new IllegalArgumentException("RSA keys need at least 2048 bits, this one has " + rsa.size());
            }
            return new RSASSAVerifier(rsa.toRSAPublicKey());
        }
        throw new IllegalArgumentException("key type " + jwk.getKeyType() + " is not supported");
    }

    private static int minimumSecretBytes(JWSAlgorithm alg) {
        if (JWSAlgorithm.HS256.equals(alg)) {
            return 32;
        }
        if (JWSAlgorithm.HS384.equals(alg)) {
            return 48;
        }
        if (JWSAlgorithm.HS512.equals(alg)) {
            return 64;
        }
        throw new IllegalArgumentException("a secret (\"oct\") key cannot be used with " + alg);
    }

    private static Curve curveFor(JWSAlgorithm alg) {
        if (JWSAlgorithm.ES256.equals(alg)) {
            return Curve.P_256;
        }
        if (JWSAlgorithm.ES384.equals(alg)) {
            return Curve.P_384;
        }
        if (JWSAlgorithm.ES512.equals(alg)) {
            return Curve.P_521;
        }
        throw new IllegalArgumentException("an EC key cannot be used with " + alg);
    }
}
