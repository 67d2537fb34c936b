package org.nereid.console.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Typed calls to Galène's admin API ({@code /galene-api/v0}) and to the few public
 * endpoints the console needs ({@code /group/NAME/.status}, {@code /recordings/NAME/}).
 * Blocking: call it from {@link org.nereid.console.Background}, never from the FX thread.
 *
 * <p>The team's {@code org.nereid.admin.AdminClient} (common) covers the same API; this
 * class should delegate to it once it is in main.
 */
public final class AdminApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "galene-api/v0/";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final Credentials credentials;
    private final HttpClient http;

    public AdminApi(URI base, Credentials credentials, String pinnedFingerprint) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.credentials = credentials;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(new PinnedTrust(pinnedFingerprint).context())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI base() {
        return base;
    }

    /** The HTTP client (with this server's certificate pin) for the meeting relay. */
    public HttpClient httpClient() {
        return http;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** The page of a group in the server's web client. */
    public URI groupPage(String group) {
        return base.resolve("group/" + segment(group) + "/");
    }

    /** The WebSocket endpoint of the server's signalling. */
    public URI webSocket() {
        String scheme = base.getScheme().equals("https") ? "wss" : "ws";
        return URI.create(scheme + "://" + base.getRawAuthority() + base.getRawPath() + "ws");
    }

    // ---- server

    public JsonNode stats() throws IOException {
        return json(send("GET", API + ".stats", null, null, "read the statistics"));
    }

    // ---- groups

    public List<String> groups() throws IOException {
        return strings(json(send("GET", API + ".groups/", null, null, "list the groups")));
    }

    public Versioned<ObjectNode> group(String name) throws IOException {
        return versioned(send("GET", groupPath(name), null, null, "read group " + name));
    }

    public void createGroup(String name, ObjectNode description) throws IOException {
        send("PUT", groupPath(name), json(description), "If-None-Match: *", "create group " + name);
    }

    public void updateGroup(String name, ObjectNode description, String etag) throws IOException {
        send("PUT", groupPath(name), json(description), ifMatch(etag), "save group " + name);
    }

    public void deleteGroup(String name, String etag) throws IOException {
        send("DELETE", groupPath(name), null, ifMatch(etag), "delete group " + name);
    }

    /** Replaces the keys that validate stateless tokens (a JSON Web Key set). */
    public void putKeys(String group, String jwkSet) throws IOException {
        send("PUT", groupPath(group) + "/.keys",
                BodyPublishers.ofString(jwkSet), "Content-Type: application/jwk-set+json",
                "set the authentication keys of " + group);
    }

    public void deleteKeys(String group) throws IOException {
        send("DELETE", groupPath(group) + "/.keys", null, null, "remove the authentication keys of " + group);
    }

    /** Public status of a group ({@code /group/NAME/.status}): display name, locked, client count. */
    public JsonNode groupStatus(String group) throws IOException {
        return json(send("GET", "group/" + segment(group) + "/.status", null, null, "read the status of " + group));
    }

    // ---- users

    public List<String> users(String group) throws IOException {
        return strings(json(send("GET", groupPath(group) + "/.users/", null, null, "list the users of " + group)));
    }

    /** The user's definition, or {@code null} if it does not exist (useful for the wildcard and empty users). */
    public Versioned<ObjectNode> user(String group, UserRef user) throws IOException {
        try {
            return versioned(send("GET", userPath(group, user), null, null, "read user " + user.label()));
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return null;
            }
            throw e;
        }
    }

    /** Creates the user if {@code etag} is null, else updates it. */
    public void putUser(String group, UserRef user, ObjectNode definition, String etag) throws IOException {
        send("PUT", userPath(group, user), json(definition), etag == null ? "If-None-Match: *" : ifMatch(etag),
                (etag == null ? "create user " : "save user ") + user.label());
    }

    public void deleteUser(String group, UserRef user) throws IOException {
        send("DELETE", userPath(group, user), null, null, "delete user " + user.label());
    }

    /** Sets a password; the server hashes it. */
    public void setPassword(String group, UserRef user, String password) throws IOException {
        send("POST", userPath(group, user) + "/.password", BodyPublishers.ofString(password),
                "Content-Type: text/plain; charset=utf-8", "set the password of " + user.label());
    }

    public void deletePassword(String group, UserRef user) throws IOException {
        send("DELETE", userPath(group, user) + "/.password", null, null, "remove the password of " + user.label());
    }

    // ---- stateful tokens (invitations)

    public List<String> tokens(String group) throws IOException {
        return strings(json(send("GET", groupPath(group) + "/.tokens/", null, null, "list the invitations of " + group)));
    }

    public Versioned<ObjectNode> token(String group, String token) throws IOException {
        return versioned(send("GET", tokenPath(group, token), null, null, "read an invitation"));
    }

    /** Mints a token; the server chooses its value and returns it. */
    public String createToken(String group, ObjectNode token) throws IOException {
        HttpResponse<String> r = send("POST", groupPath(group) + "/.tokens/", json(token), null,
                "create an invitation to " + group);
        String location = r.headers().firstValue("Location").orElseThrow(
                () -> new ApiException(r.statusCode(), "The server created an invitation but did not say its"
                        + " name. Reload the list of invitations."));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public void updateToken(String group, String token, ObjectNode value, String etag) throws IOException {
        send("PUT", tokenPath(group, token), json(value), ifMatch(etag), "save an invitation");
    }

    public void deleteToken(String group, String token) throws IOException {
        send("DELETE", tokenPath(group, token), null, null, "delete an invitation");
    }

    // ---- recordings (public endpoints; the server checks the record permission)

    public String recordingsListing(String group, Credentials who) throws IOException {
        return sendAs(who, "GET", recordingsPath(group), null, null, "list the recordings of " + group).body();
    }

    public long download(String group, String file, Credentials who, Path target) throws IOException {
        HttpRequest request = request(who, "GET", recordingsPath(group) + segment(file), null, null);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse<Path> r = call(request, BodyHandlers.ofFile(part));
        if (r.statusCode() != 200) {
            java.nio.file.Files.deleteIfExists(part);
            throw ApiException.of(r.statusCode(), "download " + file, null);
        }
        java.nio.file.Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return java.nio.file.Files.size(target);
    }

    public void deleteRecording(String group, String file, Credentials who) throws IOException {
        String form = "q=delete&filename=" + UserRef.encode(file);
        HttpResponse<String> r = call(request(who, "POST", recordingsPath(group),
                BodyPublishers.ofString(form), "Content-Type: application/x-www-form-urlencoded"),
                BodyHandlers.ofString());
        // Galène answers a deletion with 303 See Other back to the listing.
        if (r.statusCode() != 303 && r.statusCode() / 100 != 2) {
            throw ApiException.of(r.statusCode(), "delete recording " + file, r.body());
        }
    }

    // ---- plumbing

    private HttpResponse<String> send(String method, String path, BodyPublisher body, String header, String what)
            throws IOException {
        return sendAs(credentials, method, path, body, header, what);
    }

    private HttpResponse<String> sendAs(Credentials who, String method, String path, BodyPublisher body,
            String header, String what) throws IOException {
        HttpResponse<String> r = call(request(who, method, path, body, header), BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw ApiException.of(r.statusCode(), what, r.body());
        }
        return r;
    }

    private HttpRequest request(Credentials who, String method, String path, BodyPublisher body, String header) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .method(method, body == null ? BodyPublishers.noBody() : body);
        if (who != null) {
            b.header("Authorization", who.header());
        }
        boolean typed = false;
        if (header != null) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon);
            b.header(name, header.substring(colon + 1).strip());
            typed = name.equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            b.header("Content-Type", "application/json");
        }
        return b.build();
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UntrustedCertificateException u) {
                    throw new IOException(u.getMessage(), u);
                }
            }
            throw e;
        }
    }

    private static String groupPath(String group) {
        return API + ".groups/" + segment(group);
    }

    private static String userPath(String group, UserRef user) {
        return groupPath(group) + "/" + user.path();
    }

    private static String tokenPath(String group, String token) {
        return groupPath(group) + "/.tokens/" + segment(token);
    }

    private static String recordingsPath(String group) {
        return "recordings/" + segment(group) + "/";
    }

    /** Percent-encodes a name for a URL path, keeping the slashes of subgroup names. */
    static String segment(String name) {
        return Arrays.stream(name.split("/", -1)).map(UserRef::encode).collect(Collectors.joining("/"));
    }

    private static String ifMatch(String etag) {
        return etag == null ? null : "If-Match: " + etag;
    }

    private static BodyPublisher json(JsonNode node) {
        return BodyPublishers.ofString(node.toString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static Versioned<ObjectNode> versioned(HttpResponse<String> r) throws IOException {
        JsonNode node = JSON.readTree(r.body());
        if (!(node instanceof ObjectNode o)) {
            throw new ApiException(r.statusCode(), "The server sent something that is not a JSON object."
                    + " Check that the address points to a Nereid or Galène server.");
        }
        return new Versioned<>(o, r.headers().firstValue("ETag").orElse(null));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
