package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One message of Galène's protocol, in either direction. Every field but
 * {@code type} is optional (null when absent); the free-form fields
 * ({@code value}, {@code data}, {@code status}, {@code candidate},
 * {@code request}, {@code rtcConfiguration}) stay JSON trees because their
 * shape depends on the type and kind.
 */
public record Message(
        String type,
        List<String> version,
        String kind,
        String error,
        String id,
        String replace,
        String source,
        String dest,
        String username,
        String password,
        String token,
        boolean privileged,
        List<String> permissions,
        JsonNode status,
        JsonNode data,
        String group,
        JsonNode value,
        boolean noecho,
        String time,
        String sdp,
        JsonNode candidate,
        String label,
        JsonNode request,
        JsonNode rtcConfiguration,
        String rejoin) {

    public static Builder of(String type) {
        return new Builder(type);
    }

    /** A copy to modify: the server rewrites the sender-controlled fields of relayed messages. */
    public Builder toBuilder() {
        Builder b = new Builder(type);
        b.version = version;
        b.kind = kind;
        b.error = error;
        b.id = id;
        b.replace = replace;
        b.source = source;
        b.dest = dest;
        b.username = username;
        b.password = password;
        b.token = token;
        b.privileged = privileged;
        b.permissions = permissions;
        b.status = status;
        b.data = data;
        b.group = group;
        b.value = value;
        b.noecho = noecho;
        b.time = time;
        b.sdp = sdp;
        b.candidate = candidate;
        b.label = label;
        b.request = request;
        b.rtcConfiguration = rtcConfiguration;
        b.rejoin = rejoin;
        return b;
    }

    /** Builds messages field by field; unset fields are left out of the JSON. */
    public static final class Builder {
        private final String type;
        private List<String> version;
        private String kind;
        private String error;
        private String id;
        private String replace;
        private String source;
        private String dest;
        private String username;
        private String password;
        private String token;
        private boolean privileged;
        private List<String> permissions;
        private JsonNode status;
        private JsonNode data;
        private String group;
        private JsonNode value;
        private boolean noecho;
        private String time;
        private String sdp;
        private JsonNode candidate;
        private String label;
        private JsonNode request;
        private JsonNode rtcConfiguration;
        private String rejoin;

        private Builder(String type) {
            this.type = type;
        }

        public Builder version(List<String> v) { this.version = v; return this; }
        public Builder kind(String v) { this.kind = v; return this; }
        public Builder error(String v) { this.error = v; return this; }
        public Builder id(String v) { this.id = v; return this; }
        public Builder replace(String v) { this.replace = v; return this; }
        public Builder source(String v) { this.source = v; return this; }
        public Builder dest(String v) { this.dest = v; return this; }
        public Builder username(String v) { this.username = v; return this; }
        public Builder password(String v) { this.password = v; return this; }
        public Builder token(String v) { this.token = v; return this; }
        public Builder privileged(boolean v) { this.privileged = v; return this; }
        public Builder permissions(List<String> v) { this.permissions = v; return this; }
        public Builder status(JsonNode v) { this.status = v; return this; }
        public Builder data(JsonNode v) { this.data = v; return this; }
        public Builder group(String v) { this.group = v; return this; }
        public Builder value(JsonNode v) { this.value = v; return this; }
        public Builder value(String v) { this.value = v == null ? null : MessageCodec.text(v); return this; }
        public Builder noecho(boolean v) { this.noecho = v; return this; }
        public Builder time(String v) { this.time = v; return this; }
        public Builder sdp(String v) { this.sdp = v; return this; }
        public Builder candidate(JsonNode v) { this.candidate = v; return this; }
        public Builder label(String v) { this.label = v; return this; }
        public Builder request(JsonNode v) { this.request = v; return this; }
        public Builder rtcConfiguration(JsonNode v) { this.rtcConfiguration = v; return this; }
        /** Nereid's: a rejoin credential in "joined" of kind join (docs/protocol.md); Galène's client ignores it. */
        public Builder rejoin(String v) { this.rejoin = v; return this; }

        public Message build() {
            return new Message(type, version, kind, error, id, replace, source, dest, username,
                    password, token, privileged, permissions, status, data, group, value, noecho,
                    time, sdp, candidate, label, request, rtcConfiguration, rejoin);
        }
    }
}
