package org.nereid.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;

/** Two endpoints of ours handshake over an in-memory datagram link. */
class DtlsEndpointTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static RemoteFingerprint ours() {
        DtlsIdentity id = DtlsIdentity.get();
        return new RemoteFingerprint(id.fingerprintAlgorithm(), id.fingerprint());
    }

    @Test
    void serverAndClientAgreeOnGcmKeysInOppositeDirections() throws Exception {
        AtomicReference<DtlsEndpoint> serverRef = new AtomicReference<>();
        AtomicReference<DtlsEndpoint> clientRef = new AtomicReference<>();
        DtlsEndpoint server = new DtlsEndpoint(true, ours(), (b, o, l) -> clientRef.get().deliver(b, o, l), pool,
                () -> { });
        DtlsEndpoint client = new DtlsEndpoint(false, ours(), (b, o, l) -> serverRef.get().deliver(b, o, l), pool,
                () -> { });
        serverRef.set(server);
        clientRef.set(client);
        CompletableFuture<SrtpKeys> s = CompletableFuture.supplyAsync(() -> run(server), pool);
        CompletableFuture<SrtpKeys> c = CompletableFuture.supplyAsync(() -> run(client), pool);
        SrtpKeys sk = s.get(20, TimeUnit.SECONDS);
        SrtpKeys ck = c.get(20, TimeUnit.SECONDS);
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, sk.profile());
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, ck.profile());
        assertArrayEquals(sk.sendKey(), ck.receiveKey());
        assertArrayEquals(sk.sendSalt(), ck.receiveSalt());
        assertArrayEquals(ck.sendKey(), sk.receiveKey());
        assertEquals(12, sk.sendSalt().length);

    }

    @Test
    void aPeerWhoseCertificateDoesNotMatchItsFingerprintIsRefused() {
        AtomicReference<DtlsEndpoint> serverRef = new AtomicReference<>();
        AtomicReference<DtlsEndpoint> clientRef = new AtomicReference<>();
        RemoteFingerprint wrong = new RemoteFingerprint("sha-256", "00:11:22:33");
        DtlsEndpoint server = new DtlsEndpoint(true, wrong, (b, o, l) -> clientRef.get().deliver(b, o, l), pool, () -> { });
        DtlsEndpoint client = new DtlsEndpoint(false, ours(), (b, o, l) -> serverRef.get().deliver(b, o, l), pool, () -> { });
        serverRef.set(server);
        clientRef.set(client);
        CompletableFuture<SrtpKeys> s = CompletableFuture.supplyAsync(() -> run(server), pool);
        CompletableFuture.supplyAsync(() -> run(client), pool);
        ExecutionException e = assertThrows(ExecutionException.class, () -> s.get(20, TimeUnit.SECONDS));
        assertTrue(String.valueOf(e.getCause().getMessage()).contains("fingerprint")
                || e.getCause().getCause() != null, e.toString());
    }

    private static SrtpKeys run(DtlsEndpoint endpoint) {
        try {
            return endpoint.handshake();
        } catch (IOException e) {
            throw new RuntimeException(e.getMessage(), e);
        }
    }
}
