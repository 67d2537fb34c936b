package org.nereid.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nereid.group.GroupDirectory;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileException;
import org.nereid.group.GroupFileWriter;
import org.nereid.json.Json;
import org.nereid.json.JsonFileException;
import org.nereid.model.GroupDescription;
import org.nereid.model.GroupNames;
import org.nereid.model.Password;
import org.nereid.model.UserDescription;
import org.nereid.password.Passwords;

/**
 * The group resources of the admin API: definitions (without users and keys), keys,
 * users and passwords. Reads carry the file's ETag; writes check preconditions inside the
 * serialised edit, so a stale ETag always gets 412.
 */
final class GroupResources {
    private static final Password NO_PASSWORD = new Password(null, null, null, null, 0);

    private final GroupDirectory groups;
    private final GroupFileWriter writer;

    GroupResources(GroupDirectory groups, GroupFileWriter writer) {
        this.groups = groups;
        this.writer = writer;
    }

    /** What a handler answers: a status, an optional JSON body and an optional ETag. */
    record Reply(HttpResponseStatus status, Object body, String etag) {
        static Reply empty(HttpResponseStatus status, Optional<String> etag) {
            return new Reply(status, null, etag.orElse(null));
        }
    }

    List<String> names() {
        return groups.names();
    }

    Reply group(ApiRequest r, String name) throws ApiException, IOException {
        if (r.isRead()) {
            GroupEntry entry = existing(name);
            Preconditions.require(r, entry.etag());
            return new Reply(HttpResponseStatus.OK, entry.description().withoutSecrets(), entry.etag());
        }
        if (r.method().equals("PUT")) {
            GroupDescription body = parse(r.body("application/json"), GroupDescription.class);
            if (body.hasSecrets()) {
                throw new ApiException(HttpResponseStatus.BAD_REQUEST, "A group definition sent to the API must not "
                        + "contain users, wildcard-user or authKeys; set those through .users/, .wildcard-user and .keys.");
            }
            boolean[] created = new boolean[1];
            Optional<String> etag = edit(name, current -> {
                Preconditions.require(r, current.map(GroupEntry::etag).orElse(""));
                created[0] = current.isEmpty();
                return Optional.of(current.map(c -> body.withSecretsOf(c.description())).orElse(body));
            });
            return Reply.empty(created[0] ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, etag);
        }
        if (r.method().equals("DELETE")) {
            edit(name, current -> {
                GroupEntry entry = current.orElseThrow(ApiException::notFound);
                Preconditions.require(r, entry.etag());
                return Optional.empty();
            });
            return Reply.empty(HttpResponseStatus.NO_CONTENT, Optional.empty());
        }
        throw ApiException.methodNotAllowed(ApiPath.Kind.GROUP.methods);
    }

    Reply keys(ApiRequest r, String name) throws ApiException, IOException {
        List<Map<String, Object>> keys;
        if (r.method().equals("PUT")) {
            keys = parseKeys(r.body("application/jwk-set+json"));
        } else if (r.method().equals("DELETE")) {
            keys = List.of();
        } else {
            throw ApiException.methodNotAllowed(ApiPath.Kind.KEYS.methods);
        }
        Optional<String> etag = edit(name, current -> Optional.of(
                current.orElseThrow(ApiException::notFound).description().withAuthKeys(keys)));
        return Reply.empty(HttpResponseStatus.NO_CONTENT, etag);
    }

    Reply users(ApiRequest r, String name) throws ApiException {
        GroupEntry entry = existing(name);
        Preconditions.require(r, entry.etag());
        return new Reply(HttpResponseStatus.OK, new ArrayList<>(entry.description().users().keySet()), entry.etag());
    }

    /** @param user the username, or null for the wildcard user */
    Reply user(ApiRequest r, String name, String user) throws ApiException, IOException {
        checkUsername(user);
        if (r.isRead()) {
            GroupEntry entry = existing(name);
            UserDescription u = find(entry.description(), user).orElseThrow(ApiException::notFound);
            Preconditions.require(r, entry.etag());
            return new Reply(HttpResponseStatus.OK, u.withPassword(null), entry.etag());
        }
        if (r.method().equals("PUT")) {
            UserDescription body = parse(r.body("application/json"), UserDescription.class);
            if (body.password() != null) {
                throw new ApiException(HttpResponseStatus.BAD_REQUEST,
                        "A user definition sent to the API must not contain a password; set it through .password.");
            }
            boolean[] created = new boolean[1];
            Optional<String> etag = edit(name, current -> {
                GroupEntry entry = current.orElseThrow(ApiException::notFound);
                Optional<UserDescription> old = find(entry.description(), user);
                Preconditions.require(r, old.isPresent() ? entry.etag() : "");
                created[0] = old.isEmpty();
                UserDescription next = body.withPassword(old.map(UserDescription::password).orElse(null));
                return Optional.of(put(entry.description(), user, next));
            });
            return Reply.empty(created[0] ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, etag);
        }
        if (r.method().equals("DELETE")) {
            Optional<String> etag = edit(name, current -> {
                GroupEntry entry = current.orElseThrow(ApiException::notFound);
                find(entry.description(), user).orElseThrow(ApiException::notFound);
                Preconditions.require(r, entry.etag());
                GroupDescription d = entry.description();
                return Optional.of(user == null ? d.withWildcardUser(null) : d.withoutUser(user));
            });
            return Reply.empty(HttpResponseStatus.NO_CONTENT, etag);
        }
        throw ApiException.methodNotAllowed(ApiPath.Kind.USER.methods);
    }

    /** @param user the username, or null for the wildcard user */
    Reply password(ApiRequest r, String name, String user) throws ApiException, IOException {
        checkUsername(user);
        Password password;
        switch (r.method()) {
            case "PUT" -> password = parse(r.body("application/json"), Password.class);
            case "POST" -> password = Passwords.pbkdf2(r.body("text/plain"), Passwords.DEFAULT_PBKDF2_ITERATIONS,
                    Passwords.DEFAULT_PBKDF2_KEY_LENGTH, Passwords.DEFAULT_PBKDF2_SALT_LENGTH);
            case "DELETE" -> password = NO_PASSWORD;
            default -> throw ApiException.methodNotAllowed(ApiPath.Kind.PASSWORD.methods);
        }
        Optional<String> etag = edit(name, current -> {
            GroupEntry entry = current.orElseThrow(ApiException::notFound);
            UserDescription old = find(entry.description(), user).orElseThrow(ApiException::notFound);
            return Optional.of(put(entry.description(), user, old.withPassword(password)));
        });
        return Reply.empty(HttpResponseStatus.NO_CONTENT, etag);
    }

    private static Optional<UserDescription> find(GroupDescription d, String user) {
        return Optional.ofNullable(user == null ? d.wildcardUser() : d.users().get(user));
    }

    private static GroupDescription put(GroupDescription d, String user, UserDescription u) {
        return user == null ? d.withWildcardUser(u) : d.withUser(user, u);
    }

    private static void checkUsername(String user) throws ApiException {
        if (user != null && !GroupNames.isValidUsername(user)) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "\"" + user + "\" is not a valid username.");
        }
    }

    private GroupEntry existing(String name) throws ApiException {
        try {
            return groups.findFile(name).orElseThrow(ApiException::notFound);
        } catch (GroupFileException e) {
            throw unreadable(e);
        }
    }

    private Optional<String> edit(String name, GroupFileWriter.Edit<ApiException> edit) throws ApiException, IOException {
        if (!GroupNames.isValid(name)) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "\"" + name + "\" is not a valid group name.");
        }
        try {
            return writer.edit(name, edit);
        } catch (GroupFileException e) {
            throw unreadable(e);
        }
    }

    private ApiException unreadable(GroupFileException e) {
        // what is wrong helps the administrator; where the server keeps its files is not theirs to know
        String root = groups.root().toAbsolutePath().normalize().toString();
        String why = e.getMessage().replace(root + java.io.File.separator, "").replace(root, "");
        return new ApiException(HttpResponseStatus.CONFLICT, "The group's file cannot be read, so the API will not "
                + "change it; fix it by hand first. " + why);
    }

    private static <T> T parse(String body, Class<T> type) throws ApiException {
        try {
            return Json.parse(body, type, "request body");
        } catch (JsonFileException e) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** A JSON Web Key Set (RFC 7517), checked by nimbus before it reaches the file. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parseKeys(String body) throws ApiException {
        try {
            JsonNode keys = Json.mapper().readTree(body).get("keys");
            if (keys == null || !keys.isArray()) {
                throw new IllegalArgumentException("expected an object with an array \"keys\"");
            }
            List<Map<String, Object>> list = new ArrayList<>();
            for (JsonNode key : keys) {
                Map<String, Object> map = Json.mapper().convertValue(key, Map.class);
                JWK jwk = JWK.parse(map); // refuses unknown key types and malformed members
                if (jwk.getAlgorithm() == null) {
                    throw new IllegalArgumentException("every key needs \"alg\", as Galène requires");
                }
                list.add(map);
            }
            return list;
        } catch (java.text.ParseException | IOException | RuntimeException e) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "The body is not a valid JSON Web Key Set: "
                    + e.getMessage());
        }
    }
}
