package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.nereid.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server configuration {@code data/config.json}, with Galène's field names.
 * Strings are never null ({@code ""} means absent), collections never null.
 *
 * <p>Obsolete fields are read and ignored with a warning: {@code admin} (before Galène 0.9)
 * and {@code publicServer} (Galène 0.8; Galène 1.x refuses it, Nereid is lenient here
 * because ignoring it only makes the server stricter).
 *
 * @param users            the server administrators; only the permission {@code admin} means something
 * @param writableGroups   whether the admin API may change group files
 * @param allowOrigin      origins allowed to use the server cross-origin
 * @param allowAdminOrigin origins allowed to use the admin API cross-origin
 * @param proxyURL         the root URL seen from outside a reverse proxy
 * @param canonicalHost    the host name clients are redirected to
 */
@JsonDeserialize(using = ServerConfig.Reader.class)
@JsonPropertyOrder({"canonicalHost", "allowOrigin", "allowAdminOrigin", "proxyURL", "writableGroups", "users"})
public record ServerConfig(
        @JsonProperty("canonicalHost") @JsonInclude(Include.NON_EMPTY) String canonicalHost,
        @JsonProperty("allowOrigin") @JsonInclude(Include.NON_EMPTY) List<String> allowOrigin,
        @JsonProperty("allowAdminOrigin") @JsonInclude(Include.NON_EMPTY) List<String> allowAdminOrigin,
        @JsonProperty("proxyURL") @JsonInclude(Include.NON_EMPTY) String proxyURL,
        @JsonProperty("writableGroups") @JsonInclude(Include.NON_DEFAULT) boolean writableGroups,
        @JsonProperty("users") @JsonInclude(Include.NON_EMPTY) Map<String, UserDescription> users) {

    /** The configuration of a server without config.json. */
    public static final ServerConfig EMPTY = new ServerConfig(null, null, null, null, false, null);

    private static final Logger LOG = LoggerFactory.getLogger(ServerConfig.class);

    public ServerConfig {
        canonicalHost = Objects.requireNonNullElse(canonicalHost, "");
        proxyURL = Objects.requireNonNullElse(proxyURL, "");
        allowOrigin = allowOrigin == null ? List.of() : List.copyOf(allowOrigin);
        allowAdminOrigin = allowAdminOrigin == null ? List.of() : List.copyOf(allowAdminOrigin);
        Map<String, UserDescription> copy = new TreeMap<>();
        if (users != null) {
            users.forEach((k, v) -> copy.put(k, Objects.requireNonNullElse(v, UserDescription.EMPTY)));
        }
        users = Collections.unmodifiableMap(copy);
    }

    public ServerConfig withUser(String name, UserDescription user) {
        Map<String, UserDescription> changed = new TreeMap<>(users);
        changed.put(name, user);
        return new ServerConfig(canonicalHost, allowOrigin, allowAdminOrigin, proxyURL, writableGroups, changed);
    }

    public ServerConfig withWritableGroups(boolean writable) {
        return new ServerConfig(canonicalHost, allowOrigin, allowAdminOrigin, proxyURL, writable, users);
    }

    /** config.json as written, obsolete fields included. */
    private record File(
            @JsonProperty("canonicalHost") String canonicalHost,
            @JsonProperty("allowOrigin") List<String> allowOrigin,
            @JsonProperty("allowAdminOrigin") List<String> allowAdminOrigin,
            @JsonProperty("proxyURL") String proxyURL,
            @JsonProperty("writableGroups") boolean writableGroups,
            @JsonProperty("users") Map<String, UserDescription> users,
            @JsonProperty("admin") List<LegacyUser> admin,
            @JsonProperty("publicServer") Boolean publicServer) {
    }

    static final class Reader extends StdDeserializer<ServerConfig> {
        Reader() {
            super(ServerConfig.class);
        }

        @Override
        public ServerConfig deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            File f = ctxt.readValue(p, File.class);
            Object source = ctxt.getAttribute(Json.SOURCE_ATTRIBUTE);
            String where = source == null ? "config.json" : source.toString();
            if (f.admin() != null) {
                LOG.warn("{}: field \"admin\" is obsolete, ignored; define administrators under \"users\"", where);
            }
            if (f.publicServer() != null) {
                LOG.warn("{}: field \"publicServer\" is obsolete, ignored; list origins in \"allowOrigin\"", where);
            }
            return new ServerConfig(f.canonicalHost(), f.allowOrigin(), f.allowAdminOrigin(), f.proxyURL(),
                    f.writableGroups(), f.users());
        }
    }
}
