package org.nereid.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks Galène's cryptographic tokens: a JWS signed by a key of the group's
 * {@code authKeys}, with {@code exp} required, {@code nbf} and {@code iat} honoured
 * (5 seconds of clock skew either way, as Galène), {@code sub} the username,
 * {@code aud} the group's URL, {@code permissions} the granted permissions,
 * {@code include-subgroups} widening {@code aud} to the groups below it.
 */
final class JwtVerifier {
    private static final Logger log = LoggerFactory.getLogger(JwtVerifier.class);
    static final Duration LEEWAY = Duration.ofSeconds(5);

    /** What a verified token says. {@code subject} and {@code permissions} may be null (absent). */
    record Claims(String subject, List<String> audience, boolean includeSubgroups,
                  List<String> permissions, String issuer) {
    }

    private JwtVerifier() {
    }

    /**
     * Whether a token is meant as a JWT (three dot-separated parts, the first a JSON
     * object) rather than the id of a stateful token. Like Galène, anything else is
     * looked up as a stateful token.
     */
    static boolean looksLikeJwt(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            return new Base64URL(parts[0]).decodeToString().trim().startsWith("{");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Verifies signature and times; throws a refusal saying what is wrong. */
    static Claims verify(String token, List<Map<String, Object>> authKeys, Instant now) throws Refusal {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw Refusal.notAuthorised("The token is not a valid signed JWT (" + e.getMessage() + ").");
        }
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        String kid = header.getKeyID();
        List<AuthKey> candidates = keysFor(authKeys, alg, kid);
        if (candidates.isEmpty()) {
            throw Refusal.notAuthorised("No key of this group verifies " + alg + " tokens"
                    + (kid == null ? "" : " with key id \"" + kid + "\"") + ".");
        }
        if (!verifiedByAny(jwt, candidates)) {
            throw Refusal.notAuthorised("The token's signature does not verify with this group's keys.");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw Refusal.notAuthorised("The token's claims are malformed (" + e.getMessage() + ").");
        }
        checkTimes(claims, now);
        return new Claims(stringClaim(claims, "sub"), claims.getAudience(),
                Boolean.TRUE.equals(claims.getClaim("include-subgroups")),
                permissions(claims), stringClaim(claims, "iss"));
    }

    /**
     * Whether one of the audiences names the group, as Galène's check does: when the
     * server has a canonical host, the audience's host must be it (any host otherwise);
     * the path must be {@code /group/NAME/}, or with {@code include-subgroups} the path
     * of an ancestor. Behind a proxy whose URL has a path, that path may prefix it.
     */
    static boolean audienceNames(Claims claims, String canonicalHost, String proxyPath, String group) {
        for (String aud : claims.audience()) {
            URI uri = parseUri(aud);
            if (uri == null) {
                continue;
            }
            if (canonicalHost != null && !canonicalHost.isEmpty()
                    && !canonicalHost.equalsIgnoreCase(hostAndPort(uri))) {
                continue;
            }
            String path = uri.getPath();
            if (path == null) {
                continue;
            }
            if (pathMatches(path, group, claims.includeSubgroups())) {
                return true;
            }
            String prefix = proxyPath == null ? "" : proxyPath.replaceAll("/+$", "");
            if (!prefix.isEmpty() && path.startsWith(prefix + "/")
                    && pathMatches(path.substring(prefix.length()), group, claims.includeSubgroups())) {
                return true;
            }
        }
        return false;
    }

    /** Galène's matchGroup: the group's own path, or an ancestor's (a path ending in "/") with subgroups. */
    static boolean pathMatches(String path, String group, boolean includeSubgroups) {
        String own = "/group/" + group + "/";
        if (!includeSubgroups) {
            return path.equals(own);
        }
        return path.startsWith("/group/") && path.endsWith("/") && own.startsWith(path);
    }

    /** Parses an audience URL; like Go's parser, tolerates raw spaces (a group named "high energy"). */
    private static URI parseUri(String s) {
        try {
            return new URI(s.replace(" ", "%20"));
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String hostAndPort(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return "";
        }
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    private static List<AuthKey> keysFor(List<Map<String, Object>> authKeys, JWSAlgorithm alg, String kid) {
        List<AuthKey> keys = new ArrayList<>();
        if (authKeys == null) {
            return keys;
        }
        for (Map<String, Object> json : authKeys) {
            if (!alg.getName().equals(json.get("alg")) || kid != null && !kid.equals(json.get("kid"))) {
                continue;
            }
            try {
                AuthKey key = AuthKey.parse(json);
                if (key.algorithm().equals(alg) && (kid == null || kid.equals(key.kid()))) {
                    keys.add(key);
                }
            } catch (IllegalArgumentException e) {
                log.warn("authKeys: a {} key{} is unusable and skipped: {}", alg,
                        kid == null ? "" : " with kid " + kid, e.getMessage());
            }
        }
        return keys;
    }

    private static boolean verifiedByAny(SignedJWT jwt, List<AuthKey> keys) {
        for (AuthKey key : keys) {
            try {
                if (jwt.verify(key.verifier())) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                log.debug("JWT verification with a {} key failed: {}", key.algorithm(), e.toString());
            }
        }
        return false;
    }

    private static void checkTimes(JWTClaimsSet claims, Instant now) throws Refusal {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw Refusal.notAuthorised("The token has no expiry time (exp), which is required.");
        }
        if (now.isAfter(exp.toInstant().plus(LEEWAY))) {
            throw Refusal.notAuthorised("The token expired at " + exp.toInstant() + "; ask for a new one.");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(LEEWAY).isBefore(nbf.toInstant())) {
            throw Refusal.notAuthorised("The token is not valid yet (not before " + nbf.toInstant() + ").");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.plus(LEEWAY).isBefore(iat.toInstant())) {
            throw Refusal.notAuthorised("The token is not valid yet (issued in the future, at "
                    + iat.toInstant() + "); check the clocks.");
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) throws Refusal {
        Object v = claims.getClaim(name);
        if (v != null && !(v instanceof String)) {
            throw Refusal.notAuthorised("The token's \"" + name + "\" claim is not a string.");
        }
        return (String) v;
    }

    private static List<String> permissions(JWTClaimsSet claims) throws Refusal {
        Object v = claims.getClaim("permissions");
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(Objects::toString).toList();
        }
        throw Refusal.notAuthorised("The token's \"permissions\" claim is not a list of strings.");
    }
}
