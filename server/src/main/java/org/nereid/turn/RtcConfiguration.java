package org.nereid.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.nereid.model.IceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rtcConfiguration} each client gets in "joined", as Galène builds it:
 * the servers of {@code data/ice-servers.json} (re-read when the file changes; a
 * {@code hmac-sha1} entry becomes a user name and password good for a day), then
 * the built-in TURN server with a credential of the client's own, and with
 * {@code -relay-only} an {@code iceTransportPolicy} of {@code relay}.
 */
public final class RtcConfiguration implements Supplier<JsonNode> {
    private static final Logger LOG = LoggerFactory.getLogger(RtcConfiguration.class);
    /** Galène's lifetime for credentials made from an hmac-sha1 entry. */
    static final Duration HMAC_LIFETIME = Duration.ofDays(1);

    private final Path iceServersFile;
    private final TurnServer builtIn;
    private final boolean relayOnly;
    private final Clock clock;
    private FileTime loadedStamp;
    private List<IceServer> loaded = List.of();

    /**
     * @param iceServersFile {@code data/ice-servers.json} (it need not exist)
     * @param builtIn        the built-in TURN server, or null when it is off
     * @param relayOnly      whether clients must relay all media ({@code -relay-only})
     */
    public RtcConfiguration(Path iceServersFile, TurnServer builtIn, boolean relayOnly, Clock clock) {
        this.iceServersFile = iceServersFile;
        this.builtIn = builtIn;
        this.relayOnly = relayOnly;
        this.clock = clock;
    }

    @Override
    public JsonNode get() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        ArrayNode servers = c.putArray("iceServers");
        for (IceServer s : servers()) {
            servers.add(toClient(s));
        }
        if (builtIn != null) {
            servers.add(builtIn.iceServer());
        }
        if (relayOnly) {
            c.put("iceTransportPolicy", "relay");
        }
        return c;
    }

    /** The file's servers, read again when its modification time changed; a broken file counts as empty. */
    private synchronized List<IceServer> servers() {
        FileTime stamp;
        try {
            stamp = Files.getLastModifiedTime(iceServersFile);
        } catch (IOException e) {
            loadedStamp = null;
            loaded = List.of();
            return loaded;
        }
        if (!stamp.equals(loadedStamp)) {
            loadedStamp = stamp;
            try {
                loaded = IceServer.readFile(iceServersFile).stream().filter(RtcConfiguration::usable).toList();
                LOG.info("ICE servers: {} from {}", loaded.size(), iceServersFile);
            } catch (NoSuchFileException e) {
                loaded = List.of();
            } catch (IOException e) {
                LOG.warn("ICE servers: {}; giving clients none of that file's servers", e.getMessage());
                loaded = List.of();
            }
        }
        return loaded;
    }

    /** Whether an entry can be given to clients; says why not in the log. */
    private static boolean usable(IceServer s) {
        if (s == null) {
            return false;
        }
        String problem = switch (s.credentialType()) {
            case "", "password", "oauth" -> null;
            case "hmac-sha1" -> s.credential() != null && s.credential().isTextual() ? null
                    : "an hmac-sha1 credential must be a string";
            default -> "unsupported credentialType \"" + s.credentialType() + "\"";
        };
        if (s.urls().isEmpty()) {
            problem = "no urls";
        }
        if (problem != null) {
            LOG.warn("ICE servers: {}: {}; entry skipped", s.urls(), problem);
        }
        return problem == null;
    }

    /** The RTCIceServer a client gets for a usable entry. */
    private JsonNode toClient(IceServer s) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        s.urls().forEach(out.putArray("urls")::add);
        switch (s.credentialType()) {
            case "", "password" -> {
                if (!s.username().isEmpty()) {
                    out.put("username", s.username());
                }
                if (s.credential() != null) {
                    out.set("credential", s.credential());
                }
            }
            case "oauth" -> {
                out.put("username", s.username());
                out.set("credential", s.credential());
                out.put("credentialType", "oauth");
            }
            default -> { // hmac-sha1
                long expiry = clock.instant().plus(HMAC_LIFETIME).getEpochSecond();
                String username = TimeLimitedCredential.username(expiry, s.username());
                out.put("username", username);
                out.put("credential", TimeLimitedCredential.password(
                        s.credential().asText().getBytes(StandardCharsets.UTF_8), username));
            }
        }
        return out;
    }
}
