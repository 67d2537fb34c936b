package org.nereid.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nereid.invite.InvitationFixture;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.LogCapture;

/**
 * Issue 18's forged and replayed tokens, on one server for the class while two honest
 * members chat: JWTs unsigned, signed with the wrong key or with the public key as an HMAC
 * secret, out of their time, for another group, without a subject, oversized; invitations
 * used up, expired and revoked. A revoked invitation admits nobody new, and whoever it
 * admitted before stays (docs/security.md).
 */
class ForgedTokensIT {
    @RegisterExtension
    static final InvitationFixture f = new InvitationFixture();
    static HonestChat honest;
    static RSAKey key;
    static RSAKey otherKey;

    @BeforeAll
    static void groupsWithAnAuthKey() throws Exception {
        honest = new HonestChat(f);
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        Map<String, Object> jwk = new HashMap<>(key.toPublicJWK().toJSONObject());
        jwk.put("alg", "RS256");
        String authKeys = "\"authKeys\": [" + InvitationFixture.JSON.writeValueAsString(jwk) + "]";
        f.server().writeGroup("tower", "{" + authKeys + "}");
        f.server().writeGroup("open-tower", "{\"allow-anonymous\": true, " + authKeys + "}");
    }

    @AfterEach
    void nothingLost() {
        honest.assertNothingLost();
    }

    static JWTClaimsSet.Builder claims(String group) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject("ridcully").audience("http://127.0.0.1/group/" + group + "/")
                .claim("permissions", List.of("present")).issueTime(Date.from(now.minusSeconds(10)))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    static String sign(JWSSigner signer, JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID("k1").build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String rs256(JWTClaimsSet claims) throws Exception {
        return sign(new RSASSASigner(key), JWSAlgorithm.RS256, claims);
    }

    JsonNode joinWith(String group, String token, String username) throws Exception {
        return InvitationFixture.joinWithToken(f.client("bearer"), group, token, username);
    }

    @Test
    void forgedJwtsAreRefused() throws Exception {
        assertEquals("join", joinWith("tower", rs256(claims("tower").build()), null).path("kind").asText(),
                "the genuine token (else the refusals below prove nothing)");
        JWTClaimsSet good = claims("tower").build();
        byte[] publicDer = key.toRSAPublicKey().getEncoded();
        String publicPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicDer)
                + "\n-----END PUBLIC KEY-----\n";
        Instant now = Instant.now();
        Map<String, String> forged = new java.util.LinkedHashMap<>();
        forged.put("alg none", Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + Base64URL.encode(good.toString()) + ".");
        forged.put("HS256 keyed with the public key (DER)", sign(new MACSigner(publicDer), JWSAlgorithm.HS256, good));
        forged.put("HS256 keyed with the public key (PEM)",
                sign(new MACSigner(publicPem.getBytes(StandardCharsets.US_ASCII)), JWSAlgorithm.HS256, good));
        forged.put("HS256 keyed with the JWK", sign(new MACSigner(key.toPublicJWK().toJSONString()
                .getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, good));
        forged.put("another key", sign(new RSASSASigner(otherKey), JWSAlgorithm.RS256, good));
        forged.put("expired", rs256(claims("tower").expirationTime(Date.from(now.minusSeconds(60))).build()));
        forged.put("not yet valid", rs256(claims("tower").notBeforeTime(Date.from(now.plusSeconds(3600))).build()));
        forged.put("another group", rs256(claims("city-watch").build()));
        forged.put("another group's subgroup", rs256(claims("tower/../city-watch").build()));
        forged.put("signature cut", rs256(good).substring(0, rs256(good).lastIndexOf('.') + 10));
        forged.put("oversized", rs256(claims("tower").claim("padding", "p".repeat(600_000)).build())
                .replaceFirst("\\.[^.]*$", ".AAAA"));
        try (LogCapture log = new LogCapture()) {
            for (Map.Entry<String, String> e : forged.entrySet()) {
                JsonNode answer = joinWith("tower", e.getValue(), "ridcully");
                assertEquals("fail", answer.path("kind").asText(), e.getKey() + " admitted");
                assertTrue(answer.toString().length() < 1000, e.getKey() + ": a long refusal");
                honest.say();
            }
            // the city-watch group has no key at all: a JWT there is not a password either
            assertEquals("fail", joinWith("city-watch", rs256(claims("city-watch").build()), "ridcully")
                    .path("kind").asText());
            assertTrue(log.size() < 20_000, "the forgeries logged " + log.size() + " characters");
        }
    }

    @Test
    void aJwtWithoutSubjectNeedsAllowAnonymousOrAName() throws Exception {
        JWTClaimsSet nobody = claims("tower").subject(null).build();
        JsonNode closed = joinWith("tower", rs256(nobody), "");
        assertEquals("fail", closed.path("kind").asText(), closed::toString);
        JWTClaimsSet openNobody = claims("open-tower").subject(null).build();
        JsonNode open = joinWith("open-tower", rs256(openNobody), "");
        assertEquals("join", open.path("kind").asText(), open::toString);
        assertEquals("", open.path("username").asText());
    }

    @Test
    void usedUpAndExpiredInvitationsAdmitNobody() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String once = InvitationFixture.madeToken(vimes, template(1));
        assertEquals("join", joinWith("city-watch", once, "nobby").path("kind").asText());
        JsonNode replay = joinWith("city-watch", once, "colon");
        assertEquals("fail", replay.path("kind").asText());
        assertTrue(replay.path("value").asText().contains("used"), replay::toString);
        ObjectNode brief = template(null).put("expires", java.time.OffsetDateTime.now().plusSeconds(1).toString());
        String shortLived = InvitationFixture.madeToken(vimes, brief);
        Thread.sleep(1500);
        JsonNode late = joinWith("city-watch", shortLived, "detritus");
        assertEquals("fail", late.path("kind").asText());
        assertTrue(late.path("value").asText().contains("expired"), late::toString);
    }

    /**
     * The decision of issue 18, as Galène: revoking an invitation stops every later join with
     * it; a member it admitted stays until they leave or are kicked, even when the group's
     * file changes meanwhile (members who joined by password are checked again then; a token
     * is checked at join only).
     */
    @Test
    void aRevokedInvitationAdmitsNobodyNewAndTheMemberItAdmittedStays() throws Exception {
        WebSocketClient vimes = f.member("city-watch", "vimes", "sybil");
        String invitation = InvitationFixture.madeToken(vimes, template(null));
        WebSocketClient guest = f.client("guest");
        assertEquals("join", InvitationFixture.joinWithToken(guest, "city-watch", invitation, "angua").path("kind").asText());
        f.tokens().revoke(invitation);
        JsonNode refused = joinWith("city-watch", invitation, "gaspode");
        assertEquals("fail", refused.path("kind").asText());
        assertTrue(refused.path("value").asText().contains("revoked"), refused::toString);
        // the group's file changes, and the guest still stays
        String file = Files.readString(f.server().groups.resolve("city-watch.json"));
        f.server().writeGroup("city-watch", file.replace("Pseudopolis Yard", "Pseudopolis Yard, Ankh-Morpork"));
        vimes.expect(n -> n.path("type").asText().equals("joined") && n.path("kind").asText().equals("change")
                && n.toString().contains("Ankh-Morpork"), "the changed group");
        vimes.chat("still there?");
        guest.expect(n -> "still there?".equals(n.path("value").asText()), "the chat to the guest");
        for (JsonNode n : guest.sync()) {
            assertTrue(!n.path("type").asText().equals("<closed>") && !(n.path("type").asText().equals("joined")
                    && n.path("kind").asText().equals("leave")), "the guest was removed: " + n);
        }
    }

    private static ObjectNode template(Integer maxUses) {
        ObjectNode t = InvitationFixture.JSON.createObjectNode().put("group", "city-watch");
        if (maxUses != null) {
            t.put("max-uses", maxUses);
        }
        t.putArray("permissions").add("present").add("message");
        return t;
    }
}
