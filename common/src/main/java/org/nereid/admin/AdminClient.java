package org.nereid.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLHandshakeException;
import org.nereid.json.Json;
import org.nereid.model.AuditEntry;
import org.nereid.model.GroupDescription;
import org.nereid.model.Password;
import org.nereid.model.StatefulToken;
import org.nereid.model.UserDescription;

/**
 * Typed calls to Galène's administrative API ({@code /galene-api/v0/}), which Nereid's server
 * also speaks. Reads return the value with its ETag; updates take the ETag back
 * ({@code If-Match}) and creations refuse to overwrite ({@code If-None-Match: *}), so that
 * concurrent edits are detected. Refusals become {@link AdminException}s with readable
 * messages. Instances are immutable and thread-safe.
 */
public final class AdminClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };
    private static final TypeReference<List<RecordingFile>> RECORDINGS = new TypeReference<>() { };
    private static final TypeReference<List<AuditEntry>> AUDIT = new TypeReference<>() { };

    private final URI server;
    private final URI api;
    private final String username;
    private final String authorization;
    private final HttpClient http;

    private AdminClient(URI server, String username, String authorization, HttpClient http) {
        this.server = server;
        this.api = server.resolve("galene-api/v0/");
        this.username = username;
        this.authorization = authorization;
        this.http = http;
    }

    /**
     * A client for the server at {@code serverUrl} (e.g. {@code https://localhost:8443}),
     * authenticating with HTTP Basic if {@code username} is non-null, else with a bearer
     * {@code token} if non-null, else not at all.
     */
    public static AdminClient create(URI serverUrl, String username, String password, String token,
                                     ServerTrust trust) {
        String base = serverUrl.toString();
        URI server = URI.create(base.endsWith("/") ? base : base + "/");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).sslContext(trust.sslContext()).build();
        boolean bearer = token != null && !token.isEmpty();
        return new AdminClient(server, bearer ? null : username, authorization(username, password, token), http);
    }

    private static String authorization(String username, String password, String token) {
        if (token != null && !token.isEmpty()) {
            return "Bearer " + token;
        }
        if (username != null && !username.isEmpty()) {
            String pair = username + ":" + Objects.requireNonNullElse(password, "");
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /**
     * The same server, trust and connection pool with other credentials: Galène shows
     * recordings only to a group user with the record permission, not to server admins.
     */
    public AdminClient withUser(String otherUsername, String otherPassword) {
        return new AdminClient(server, otherUsername, authorization(otherUsername, otherPassword, null), http);
    }

    // ---- the server's addresses

    /** The server's address, ending with '/'. */
    public URI serverUrl() {
        return server;
    }

    /** The user name this client authenticates as, or null (bearer token or anonymous). */
    public String username() {
        return username;
    }

    /** The HTTP client (with this server's trust) for other connections to it, e.g. its WebSocket. */
    public HttpClient httpClient() {
        return http;
    }

    /** The page of a group in the server's web client. */
    public URI groupPage(String group) {
        return server.resolve("group/" + encodePath(group) + "/");
    }

    /** The WebSocket endpoint of the server's signalling. */
    public URI webSocket() {
        String scheme = server.getScheme().equals("https") ? "wss" : "ws";
        return URI.create(scheme + "://" + server.getRawAuthority() + server.getRawPath() + "ws");
    }

    // ---- groups

    public List<String> listGroups() throws IOException {
        return getJson(".groups/", "the list of groups", STRINGS).value();
    }

    /** A group's description without users, wildcard user or keys. */
    public Versioned<GroupDescription> getGroup(String group) throws IOException {
        Versioned<String> body = get(groupPath(group), describeGroup(group));
        return new Versioned<>(Json.parse(body.value(), GroupDescription.class, describeGroup(group)), body.etag());
    }

    /** The same as JSON fields, so that fields this client does not know survive an update. */
    public Versioned<Map<String, Object>> getGroupFields(String group) throws IOException {
        return getJson(groupPath(group), describeGroup(group), OBJECT);
    }

    /** Creates a group; fails if it exists. {@code description} is a GroupDescription or a map of fields. */
    public void createGroup(String group, Object description) throws IOException {
        put(groupPath(group), describeGroup(group), Json.write(description), "application/json", null);
    }

    /** Replaces a group's description if it is still at {@code etag}. */
    public void updateGroup(String group, Object description, String etag) throws IOException {
        put(groupPath(group), describeGroup(group), Json.write(description), "application/json", etag);
    }

    public void deleteGroup(String group) throws IOException {
        send(request(groupPath(group)).DELETE(), describeGroup(group), null);
    }

    /** Deletes a group only if it is still at {@code etag}. */
    public void deleteGroup(String group, String etag) throws IOException {
        send(request(groupPath(group)).header("If-Match", etag).DELETE(), describeGroup(group),
                Precondition.UPDATE);
    }

    /** Sets the keys for cryptographic tokens (a list of JWKs). */
    public void setKeys(String group, List<Map<String, Object>> keys) throws IOException {
        String body = Json.write(Map.of("keys", keys));
        HttpRequest.Builder r = request(groupPath(group) + "/.keys")
                .header("Content-Type", "application/jwk-set+json").PUT(HttpRequest.BodyPublishers.ofString(body));
        send(r, "the key set of " + describeGroup(group), null);
    }

    public void deleteKeys(String group) throws IOException {
        send(request(groupPath(group) + "/.keys").DELETE(), "the key set of " + describeGroup(group), null);
    }

    // ---- users

    public List<String> listUsers(String group) throws IOException {
        return getJson(groupPath(group) + "/.users/", "the list of users of " + describeGroup(group), STRINGS).value();
    }

    /** A user's permissions (the server never sends passwords). */
    public Versioned<UserDescription> getUser(String group, UserRef user) throws IOException {
        String what = describeUser(group, user);
        Versioned<String> body = get(userPath(group, user), what);
        return new Versioned<>(Json.parse(body.value(), UserDescription.class, what), body.etag());
    }

    public Versioned<Map<String, Object>> getUserFields(String group, UserRef user) throws IOException {
        return getJson(userPath(group, user), describeUser(group, user), OBJECT);
    }

    /** Creates a user (without password); fails if it exists. */
    public void createUser(String group, UserRef user, Object description) throws IOException {
        put(userPath(group, user), describeUser(group, user), Json.write(description), "application/json", null);
    }

    public void updateUser(String group, UserRef user, Object description, String etag) throws IOException {
        put(userPath(group, user), describeUser(group, user), Json.write(description), "application/json", etag);
    }

    public void deleteUser(String group, UserRef user) throws IOException {
        send(request(userPath(group, user)).DELETE(), describeUser(group, user), null);
    }

    /** Deletes a user only if the group file is still at {@code etag}. */
    public void deleteUser(String group, UserRef user, String etag) throws IOException {
        send(request(userPath(group, user)).header("If-Match", etag).DELETE(), describeUser(group, user),
                Precondition.UPDATE);
    }

    /** Stores a password as given (hashed by the caller, or a wildcard). */
    public void setPassword(String group, UserRef user, Password password) throws IOException {
        HttpRequest.Builder r = request(userPath(group, user) + "/.password")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(password)));
        send(r, "the password of " + describeUser(group, user), null);
    }

    /** Sends a password in clear text for the server to hash (POST). */
    public void setPasswordHashedByServer(String group, UserRef user, String password) throws IOException {
        HttpRequest.Builder r = request(userPath(group, user) + "/.password")
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(password));
        send(r, "the password of " + describeUser(group, user), null);
    }

    public void deletePassword(String group, UserRef user) throws IOException {
        send(request(userPath(group, user) + "/.password").DELETE(),
                "the password of " + describeUser(group, user), null);
    }

    // ---- tokens; the group "" holds tokens for the root of all groups

    public List<String> listTokens(String group) throws IOException {
        return getJson(tokensPath(group), "the list of tokens of " + describeGroup(group), STRINGS).value();
    }

    /**
     * Creates a token; the server chooses its secret, which is returned. {@code template} is a
     * map of fields without token and group, or a StatefulToken (whose token and group are
     * left out: the server chooses the first, the URL says the second).
     */
    public String createToken(String group, Object template) throws IOException {
        HttpRequest.Builder r = request(tokensPath(group)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(tokenBody(template)));
        HttpResponse<String> response = send(r, "the list of tokens of " + describeGroup(group), null);
        String location = response.headers().firstValue("Location").orElse("");
        if (location.isEmpty()) {
            throw new AdminException(response.statusCode(), "the server created a token but did not say its name");
        }
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** A token; the server leaves out its secret and group, which are filled in from the request. */
    public Versioned<StatefulToken> getToken(String group, String token) throws IOException {
        Versioned<Map<String, Object>> fields = getTokenFields(group, token);
        ObjectNode node = Json.mapper().valueToTree(fields.value());
        node.put("token", token);
        node.put("group", group);
        try {
            return new Versioned<>(StatefulToken.fromJson(node), fields.etag());
        } catch (IllegalArgumentException e) {
            throw new IOException("the server's answer for " + describeToken(group) + " is not a token: "
                    + e.getMessage(), e);
        }
    }

    public Versioned<Map<String, Object>> getTokenFields(String group, String token) throws IOException {
        return getJson(tokensPath(group) + encodePath(token), describeToken(group), OBJECT);
    }

    /** Replaces a token if it is still at {@code etag}; a map of fields, or a StatefulToken as for creation. */
    public void updateToken(String group, String token, Object value, String etag) throws IOException {
        put(tokensPath(group) + encodePath(token), describeToken(group), tokenBody(value), "application/json", etag);
    }

    /** The API refuses tokens that name their secret or group ("overspecified token"). */
    private static String tokenBody(Object value) {
        if (value instanceof StatefulToken t) {
            ObjectNode node = t.toJson();
            node.put("token", "");
            node.put("group", "");
            return Json.write(node);
        }
        return Json.write(value);
    }

    public void deleteToken(String group, String token) throws IOException {
        send(request(tokensPath(group) + encodePath(token)).DELETE(), describeToken(group), null);
    }

    // ---- recordings: the admin API's listing (Nereid's endpoint; Galène's API has none)

    /** One recording file: its name, size in bytes and last change (ISO-8601, UTC). */
    public record RecordingFile(String name, long size, String modified) {
    }

    /** The recording files of a group, oldest first (their names start with the start time). */
    public List<RecordingFile> listRecordings(String group) throws IOException {
        return getJson(groupPath(group) + "/.recordings/", "the recordings of " + describeGroup(group),
                RECORDINGS).value();
    }

    // ---- recordings: Galène's public pages below /recordings/, not the admin API

    /** The HTML listing of a group's recordings ({@code /recordings/NAME/}). */
    public String recordingsPage(String group) throws IOException {
        return send(at(recordingsPath(group)).header("Accept", "text/html").GET(),
                "the recordings of " + describeGroup(group), null).body();
    }

    /** Downloads a recording to {@code target} (through a temporary file beside it) and returns its size. */
    public long downloadRecording(String group, String file, Path target) throws IOException {
        String what = "the recording \"" + file + "\" of " + describeGroup(group);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse<Path> response = exchange(at(recordingsPath(group) + encodePath(file)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(part));
        if (response.statusCode() != 200) {
            Files.deleteIfExists(part);
            throw new AdminException(response.statusCode(), explain(response.statusCode(), what, null, null));
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(target);
    }

    /** Deletes a recording as Galène's listing page does (a form post; 303 back to the listing). */
    public void deleteRecording(String group, String file) throws IOException {
        String form = "q=delete&filename=" + URLEncoder.encode(file, StandardCharsets.UTF_8);
        HttpRequest.Builder r = at(recordingsPath(group)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        HttpResponse<String> response = exchange(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status != 303 && (status < 200 || status >= 300)) {
            throw new AdminException(status, explain(status, "the recording \"" + file + "\" of "
                    + describeGroup(group), null, response.body()));
        }
    }

    private static String recordingsPath(String group) {
        return "recordings/" + encodePath(group) + "/";
    }

    // ---- statistics

    /** The server's statistics; the format is not specified by Galène. */
    public JsonNode stats() throws IOException {
        return Json.mapper().readTree(get(".stats", "the statistics").value());
    }

    /**
     * The server's health (Nereid's extension {@code .health}: version, flags, CPU, memory,
     * threads, uptime, media ports, TURN; docs/server.md). A Galène server answers 404.
     */
    public JsonNode health() throws IOException {
        return Json.mapper().readTree(get(".health", "the server's health").value());
    }

    /** The server's connectivity check page (Nereid's), which a browser opens to test its paths. */
    public URI connectivityPage() {
        return server.resolve("connectivity.html");
    }

    // ---- the audit trail (Nereid's extension: .audit)

    /**
     * A page of the audit trail, newest first. Each filter may be null: {@code action} exact or a
     * family ({@code token.}), {@code actor} and {@code group} exact, {@code since}/{@code before}
     * times (the next page: {@code before} = the last entry's time), {@code limit} 1–1000 (0: the
     * server's default).
     */
    public List<AuditEntry> audit(String action, String actor, String group, Instant since, Instant before,
                                  int limit) throws IOException {
        StringBuilder query = new StringBuilder();
        appendParameter(query, "action", action);
        appendParameter(query, "actor", actor);
        appendParameter(query, "group", group);
        appendParameter(query, "since", since == null ? null : since.toString());
        appendParameter(query, "before", before == null ? null : before.toString());
        appendParameter(query, "limit", limit == 0 ? null : Integer.toString(limit));
        String body = get(".audit" + query, "the audit trail").value();
        try {
            return Json.lenientMapper().readValue(body, AUDIT);
        } catch (IOException e) {
            throw new IOException("the server's answer for the audit trail is not the JSON expected: "
                    + e.getMessage(), e);
        }
    }

    // ---- the cluster (Nereid's extension: .cluster, docs/cluster.md)

    /**
     * The nodes of the cluster this server is part of, their load and groups; empty when the
     * server runs alone (it answers 404, as Galène does).
     */
    public java.util.Optional<ClusterStatus> cluster() throws IOException {
        String body;
        try {
            body = get(".cluster", "the cluster").value();
        } catch (AdminException e) {
            if (e.status() == 404) {
                return java.util.Optional.empty();
            }
            throw e;
        }
        return java.util.Optional.of(readJson(body, ClusterStatus.class, "the cluster"));
    }

    /**
     * Makes a node take no new groups and end those it still hosts after {@code seconds} (0: the
     * server's default); returns that deadline.
     */
    public Instant drain(String node, long seconds) throws IOException {
        HttpRequest.Builder r = request(".cluster/.drain").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("node", node, "seconds", seconds))));
        JsonNode answer = readJson(send(r, "the node " + node, null).body(), JsonNode.class, "the drain");
        try {
            return Instant.parse(answer.path("deadline").asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("the server's answer for the drain has no deadline: " + answer, e);
        }
    }

    /** Nereid's extensions' answers: fields this client does not know are skipped. */
    private static <T> T readJson(String body, Class<T> type, String what) throws IOException {
        try {
            return Json.lenientMapper().readValue(body, type);
        } catch (IOException e) {
            throw new IOException("the server's answer for " + what + " is not the JSON expected: " + e.getMessage(), e);
        }
    }

    private static void appendParameter(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    // ---- plumbing

    private static String groupPath(String group) {
        return ".groups/" + encodePath(group);
    }

    private static String userPath(String group, UserRef user) {
        return groupPath(group) + "/" + user.path();
    }

    private static String tokensPath(String group) {
        return group.isEmpty() ? ".groups/.tokens/" : groupPath(group) + "/.tokens/";
    }

    private static String describeGroup(String group) {
        return group.isEmpty() ? "the root of all groups" : "the group \"" + group + "\"";
    }

    private static String describeUser(String group, UserRef user) {
        return user.describe() + " of " + describeGroup(group);
    }

    private static String describeToken(String group) {
        return "the token of " + describeGroup(group);
    }

    /** Percent-encodes a name for a URL path, keeping '/' (group names are paths, as galenectl keeps them). */
    static String encodePath(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    private HttpRequest.Builder request(String path) {
        return authorised(api.resolve(path));
    }

    /** A request for a path relative to the server's root rather than the API's. */
    private HttpRequest.Builder at(String path) {
        return authorised(server.resolve(path));
    }

    private HttpRequest.Builder authorised(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private Versioned<String> get(String path, String what) throws IOException {
        HttpResponse<String> r = send(request(path).header("Accept", "application/json").GET(), what, null);
        return new Versioned<>(r.body(), r.headers().firstValue("ETag").orElse(""));
    }

    private <T> Versioned<T> getJson(String path, String what, TypeReference<T> type) throws IOException {
        Versioned<String> body = get(path, what);
        try {
            return new Versioned<>(Json.mapper().readValue(body.value(), type), body.etag());
        } catch (IOException e) {
            throw new IOException("the server's answer for " + what + " is not the JSON expected: "
                    + e.getMessage(), e);
        }
    }

    /** PUT with If-Match {@code etag}, or If-None-Match: * when {@code etag} is null (create only). */
    private void put(String path, String what, String body, String contentType, String etag) throws IOException {
        HttpRequest.Builder r = request(path).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (etag == null) {
            r.header("If-None-Match", "*");
        } else if (!etag.isEmpty()) {
            r.header("If-Match", etag);
        }
        send(r, what, etag == null ? Precondition.CREATE : Precondition.UPDATE);
    }

    private enum Precondition { CREATE, UPDATE }

    private HttpResponse<String> send(HttpRequest.Builder request, String what, Precondition precondition)
            throws IOException {
        HttpResponse<String> response = exchange(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        throw new AdminException(status, explain(status, what, precondition, response.body()));
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
        try {
            return http.send(request, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while talking to the server", e);
        } catch (SSLHandshakeException e) {
            X509Certificate refused = ServerTrust.refused(e);
            String message = "the server's certificate is not trusted (" + e.getMessage() + "); pin its "
                    + "fingerprint or, on a network you trust, use -insecure";
            if (refused == null) {
                throw new IOException(message, e);
            }
            throw new UntrustedServerException(message, ServerTrust.fingerprint(refused),
                    refused.getSubjectX500Principal().getName(), e);
        } catch (ConnectException e) {
            throw new IOException("cannot connect to " + server + ": is the server running?", e);
        }
    }

    static String explain(int status, String what, Precondition precondition, String body) {
        String detail = body == null ? "" : body.strip();
        if (detail.length() > 200) {
            detail = detail.substring(0, 200) + "…";
        }
        String suffix = detail.isEmpty() ? "" : ": " + detail;
        return switch (status) {
            case 400 -> "the server refused the request about " + what + " (400)" + suffix;
            case 401 -> "not authorised (401): check the administrator's name and password or token, and that "
                    + "\"writableGroups\" is true in the server's config.json";
            case 403 -> "forbidden (403): the server does not allow this for " + what;
            case 404 -> what + " does not exist (404)";
            case 409 -> "conflict about " + what + " (409)" + suffix;
            case 412 -> precondition == Precondition.CREATE ? what + " already exists (412)"
                    : what + " was changed by someone else (412): reload and try again";
            case 413 -> "the request about " + what + " is too large for the server (413)";
            case 415 -> "the server does not accept this kind of content for " + what + " (415)";
            default -> status >= 500 ? "the server failed while handling " + what + " (" + status + ")" + suffix
                    : "unexpected answer about " + what + " (" + status + ")" + suffix;
        };
    }
}
