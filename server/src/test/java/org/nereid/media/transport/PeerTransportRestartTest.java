package org.nereid.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nereid.media.dtls.RemoteFingerprint;
import org.nereid.media.ice.IceHost;
import org.nereid.media.ice.IceTransport;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;

/**
 * An ICE restart whose peer never completes it, with real ice4j agents on 127.0.0.1: the
 * server's new agent is controlled, so no check of the peer's ever reaching it leaves it
 * running for ever unless the transport bounds it. The bound drops it and asks for another
 * restart; the old agent stays the one in use.
 */
class PeerTransportRestartTest implements PeerTransport.Handler {
    private static final RemoteFingerprint FINGERPRINT = new RemoteFingerprint("sha-256",
            "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99");
    private final CountDownLatch pathLost = new CountDownLatch(1);
    private final List<String> closedWith = new CopyOnWriteArrayList<>();
    private IceHost host;
    private MediaThreads threads;
    private PeerTransport transport;

    @BeforeEach
    void open() throws Exception {
        host = new IceHost(List.of("127.0.0.1"), 0, 0);
        threads = new MediaThreads();
        // restarts are bounded to 2 s here (15 s in service)
        transport = new PeerTransport("test", host, false, threads, this, TimeUnit.SECONDS.toNanos(2));
    }

    @AfterEach
    void close() {
        transport.close();
        threads.close();
        host.close();
    }

    @Test
    void aStartedRestartThatNeverCompletesIsDroppedAndAnotherAskedFor() throws Exception {
        transport.start("peerufrag1", "peerpassword1peerpassword1", List.of(), true, FINGERPRINT);
        IceTransport first = transport.ice();
        transport.restartIce();
        IceTransport restart = transport.ice();
        assertNotSame(first, restart, "a restart's agent");
        transport.start("peerufrag2", "peerpassword2peerpassword2", List.of(), true, FINGERPRINT);

        assertTrue(pathLost.await(10, TimeUnit.SECONDS), "the hanging restart was dropped and another asked for");
        assertSame(first, transport.ice(), "the old agent is still the one in use");
        assertEquals(List.of(), closedWith, "the connection stays");
        assertEquals("peerufrag1", transport.ice().remoteUfrag());

        transport.restartIce();
        assertNotSame(first, transport.ice(), "a new restart can begin");
    }

    @Test
    void aRestartNotYetStartedIsNotDropped() throws Exception {
        transport.start("peerufrag1", "peerpassword1peerpassword1", List.of(), true, FINGERPRINT);
        transport.restartIce();
        IceTransport restart = transport.ice();

        assertFalse(pathLost.await(4, TimeUnit.SECONDS), "the bound runs from the restart's start");
        assertSame(restart, transport.ice());
    }

    // no peer ever connects: no media, no DTLS
    @Override public void onRtp(PacketBuffer packet) { }
    @Override public void onRtcp(PacketBuffer packet) { }
    @Override public void onSecured(SrtpSession srtp) { }

    @Override
    public void onPathLost() {
        pathLost.countDown();
    }

    @Override
    public void onClosed(String reason) {
        closedWith.add(reason);
    }
}
