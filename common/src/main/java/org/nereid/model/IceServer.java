package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nereid.json.Json;

/**
 * One entry of {@code data/ice-servers.json}, Galène's list of STUN and TURN servers
 * given to clients: a WebRTC {@code RTCIceServer}. With {@code "credentialType":
 * "hmac-sha1"} the {@code credential} is the secret shared with the TURN server
 * (coturn's {@code static-auth-secret}), from which each client gets a time-limited
 * user name and password; otherwise the fields are passed on as they are. Like
 * Galène, unknown fields are ignored.
 *
 * @param urls           the server's URLs ({@code stun:}, {@code turn:}, {@code turns:}); one string is accepted too
 * @param username       the user name, or for {@code hmac-sha1} the name after the expiry ({@code ""}: none)
 * @param credential     the password, the shared secret, or an OAuth object (null: none)
 * @param credentialType {@code ""} or {@code "password"}, {@code "oauth"}, {@code "hmac-sha1"}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IceServer(
        @JsonProperty("urls") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> urls,
        @JsonProperty("username") @JsonInclude(Include.NON_EMPTY) String username,
        @JsonProperty("credential") @JsonInclude(Include.NON_NULL) JsonNode credential,
        @JsonProperty("credentialType") @JsonInclude(Include.NON_EMPTY) String credentialType) {

    public IceServer {
        urls = urls == null ? List.of() : List.copyOf(urls);
        username = Objects.requireNonNullElse(username, "");
        credentialType = Objects.requireNonNullElse(credentialType, "");
        if (credential != null && credential.isNull()) {
            credential = null;
        }
    }

    /**
     * Reads {@code data/ice-servers.json}: a JSON array of servers.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     * @throws org.nereid.json.JsonFileException when it is not such an array; the message names the line
     */
    public static List<IceServer> readFile(Path file) throws IOException {
        return Arrays.asList(Json.readStrict(file, IceServer[].class));
    }
}
