package org.nereid.connectivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.media.MediaConfig;
import org.nereid.media.Sfu;
import org.nereid.testing.RunningServer;
import org.nereid.web.Mount;

/**
 * /.connectivity on a started server, without a browser: what GET offers, answers
 * that carry only the candidates of the path asked for, clear refusals of bad
 * requests, and a flood refused per address (429) and for the whole server (503),
 * each with a sentence and Retry-After, while the server keeps answering.
 */
class ConnectivityProbeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An offer as Chromium makes it for one receive-only audio transceiver, trimmed. */
    private static final String OFFER = String.join("\r\n",
            "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0", "a=msid-semantic: WMS",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx", "a=ice-options:trickle",
            "a=fingerprint:sha-256 12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0",
            "a=setup:actpass", "a=mid:0", "a=recvonly", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1", "");

    @TempDir
    Path dir;
    private Sfu sfu;
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        sfu = new Sfu(new MediaConfig(List.of("127.0.0.1"), 0).withIceTcp(0));
        server = RunningServer.start(dir, o -> o, n -> n.mount(Mount.CONNECTIVITY,
                x -> new ConnectivityRoute(sfu, Integer.toString(sfu.udpPort()), null, new ProbeLimits(2, 3))));
    }

    @AfterEach
    void stop() {
        server.close();
        sfu.close();
    }

    @Test
    void getSaysWhichPathsTheServerOffers() throws Exception {
        JsonNode info = JSON.readTree(server.get("/.connectivity").body());
        assertEquals(Integer.toString(sfu.udpPort()), info.path("udp").path("ports").asText());
        assertEquals(sfu.iceTcpPort(), info.path("tcp").path("port").asInt());
        assertTrue(info.path("turn").isNull(), "no built-in TURN server here: " + info);
    }

    @Test
    void anAnswerOffersOnlyThePathAskedFor() throws Exception {
        String udp = answer(post("127.0.0.1", "udp", OFFER));
        assertTrue(udp.contains(" udp ") && !udp.contains(" tcp "), udp);
        assertTrue(udp.contains("a=setup:passive") && udp.contains("a=inactive"), udp);
        String tcp = answer(post("127.0.0.1", "tcp", OFFER));
        assertTrue(tcp.contains(" tcp ") && tcp.contains("tcptype passive") && !tcp.contains(" udp "), tcp);
    }

    @Test
    void badRequestsGetASentence() throws Exception {
        assertStatus(400, post("127.0.0.1", "carrier-pigeon", OFFER));
        assertStatus(400, post("127.0.0.1", "udp", "v=0 and nothing else"));
        assertStatus(400, http("127.0.0.1", "POST", "application/json", "{not json"));
        assertStatus(415, http("127.0.0.1", "POST", "text/plain", "{}"));
        assertStatus(405, http("127.0.0.1", "DELETE", null, ""));
        // refusals hold no slot: this address still gets its two probes
        answer(post("127.0.0.1", "udp", OFFER));
        answer(post("127.0.0.1", "tcp", OFFER));
    }

    @Test
    void aFloodIsRefusedPerAddressAndForTheServer() throws Exception {
        answer(post("127.0.0.1", "udp", OFFER));
        answer(post("127.0.0.1", "udp", OFFER));
        String third = post("127.0.0.1", "udp", OFFER);
        assertStatus(429, third);
        assertTrue(third.toLowerCase(java.util.Locale.ROOT).contains("retry-after: 5") && third.contains("Too many connectivity checks from your address"),
                third);
        answer(post("127.0.0.2", "udp", OFFER));
        String server503 = post("127.0.0.3", "tcp", OFFER);
        assertStatus(503, server503);
        assertTrue(server503.toLowerCase(java.util.Locale.ROOT).contains("retry-after: 30") && server503.contains("too many connectivity checks"), server503);
        assertEquals(200, server.get("/.connectivity").statusCode(), "the server still answers");
    }

    private static void assertStatus(int status, String response) {
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
        assertFalse(response.contains("Exception"), "no internals: " + response);
    }

    private static String answer(String response) throws IOException {
        assertStatus(200, response);
        return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).path("sdp").asText();
    }

    private String post(String from, String path, String sdp) throws IOException {
        return http(from, "POST", "application/json", JSON.writeValueAsString(
                JSON.createObjectNode().put("path", path).put("sdp", sdp)));
    }

    /** One request from a chosen loopback address (the limits count per client address). */
    private String http(String from, String method, String contentType, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", server.nereid.port()), 5000);
            s.setSoTimeout(10000);
            String head = method + " /.connectivity HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + "Content-Length: " + content.length + "\r\n\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(content);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
