package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Objects;

/**
 * A password as stored in a group file or config.json, in Galène's format.
 *
 * <p>In JSON a password is either a plain string (type {@code plain}) or an object
 * {@code {"type", "hash", "key", "salt", "iterations"}}: {@code pbkdf2} keys and salts are
 * lower-case hex, {@code bcrypt} keys are modular-crypt strings ({@code $2a$...}), and
 * {@code wildcard} matches any password. An object without a type ({@code {}}) matches
 * nothing. Verification lives in {@code org.nereid.password.Passwords}.
 *
 * @param type       plain, pbkdf2, bcrypt, wildcard, or null (matches nothing)
 * @param hash       the pbkdf2 hash function, {@code sha-256}; null otherwise
 * @param key        the secret: the plain password, the hex pbkdf2 key or the bcrypt string
 * @param salt       the hex pbkdf2 salt; null otherwise
 * @param iterations the pbkdf2 iteration count; 0 otherwise
 */
@JsonSerialize(using = Password.Writer.class)
@JsonDeserialize(using = Password.Reader.class)
public record Password(String type, String hash, String key, String salt, int iterations) {

    public static final String PLAIN = "plain";
    public static final String PBKDF2 = "pbkdf2";
    public static final String BCRYPT = "bcrypt";
    public static final String WILDCARD = "wildcard";

    /** A password in clear text, written as a JSON string. */
    public static Password plain(String password) {
        return new Password(PLAIN, null, Objects.requireNonNull(password), null, 0);
    }

    /** The password that matches any password. */
    public static Password wildcard() {
        return new Password(WILDCARD, null, null, null, 0);
    }

    /** A pbkdf2 hash; key and salt are lower-case hex. */
    public static Password pbkdf2(String hash, String hexKey, String hexSalt, int iterations) {
        return new Password(PBKDF2, hash, hexKey, hexSalt, iterations);
    }

    /** A bcrypt hash in modular crypt format ({@code $2a$10$...}). */
    public static Password bcrypt(String key) {
        return new Password(BCRYPT, null, key, null, 0);
    }

    /** True if Galène would write this password as a bare JSON string. */
    public boolean isBareString() {
        return PLAIN.equals(type) && key != null && hash == null && salt == null && iterations == 0;
    }

    /** Never shows the secret, so a password can be logged by accident without harm. */
    @Override
    public String toString() {
        return "Password[type=" + type + (hash == null ? "" : ", hash=" + hash) + "]";
    }

    /** The object form; fields left out when empty, as Go's omitempty does. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Fields(@JsonProperty("type") String type, @JsonProperty("hash") String hash,
                  @JsonProperty("key") String key, @JsonProperty("salt") String salt,
                  @JsonProperty("iterations") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int iterations) {
    }

    static final class Writer extends StdSerializer<Password> {
        Writer() {
            super(Password.class);
        }

        @Override
        public void serialize(Password p, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (p.isBareString()) {
                gen.writeString(p.key());
            } else {
                provider.defaultSerializeValue(
                        new Fields(emptyToNull(p.type), emptyToNull(p.hash), p.key, emptyToNull(p.salt),
                                p.iterations), gen);
            }
        }
    }

    static final class Reader extends StdDeserializer<Password> {
        Reader() {
            super(Password.class);
        }

        @Override
        public Password deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return plain(p.getText());
            }
            if (p.currentToken() != JsonToken.START_OBJECT && p.currentToken() != JsonToken.FIELD_NAME) {
                return (Password) ctxt.handleUnexpectedToken(Password.class, p);
            }
            Fields f = ctxt.readValue(p, Fields.class);
            return new Password(emptyToNull(f.type()), emptyToNull(f.hash()), f.key(), emptyToNull(f.salt()),
                    f.iterations());
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
