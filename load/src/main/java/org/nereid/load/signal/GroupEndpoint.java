package org.nereid.load.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Finds a group's WebSocket endpoint from its {@code .status} document, as Galène's own client does. */
public final class GroupEndpoint {
    private GroupEndpoint() {
    }

    /** {@code server} is the base URL, e.g. http://127.0.0.1:8443 */
    public static URI find(HttpClient http, URI server, String group) throws IOException {
        URI status = server.resolve("/group/" + group + "/.status");
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw new IOException("Cannot reach the server at " + server + " (" + describe(e) + ").", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("The server at " + server + " did not answer within 10 seconds.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() == 404) {
            throw new IOException("The server at " + server + " has no group \"" + group + "\".");
        }
        if (r.statusCode() != 200) {
            throw new IOException("The server at " + server + " answered " + r.statusCode() + " for " + status + ".");
        }
        JsonNode doc = GaleneSocket.JSON.readTree(r.body());
        String endpoint = doc.path("endpoint").asText("");
        if (endpoint.isEmpty()) {
            // older servers leave it out; Galène's endpoint has always been /ws
            String ws = server.getScheme().equals("https") ? "wss" : "ws";
            return URI.create(ws + "://" + server.getRawAuthority() + "/ws");
        }
        return server.resolve(endpoint);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
    }
}
