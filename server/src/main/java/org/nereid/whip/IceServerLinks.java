package org.nereid.whip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ICE servers a WHIP client is told of in {@code Link} headers (RFC 9725 section 4.6),
 * made as Galène makes them from the {@code rtcConfiguration} every client gets: a STUN
 * URL alone, a TURN URL with its user name and credential.
 */
final class IceServerLinks {
    private IceServerLinks() {
    }

    /** One Link header value per URL of {@code rtcConfiguration}'s iceServers. */
    static List<String> of(JsonNode rtcConfiguration) {
        List<String> links = new ArrayList<>();
        for (JsonNode server : rtcConfiguration.path("iceServers")) {
            JsonNode urls = server.path("urls");
            if (urls.isTextual()) {
                add(links, server, urls.textValue());
            } else {
                urls.forEach(u -> add(links, server, u.asText()));
            }
        }
        return links;
    }

    private static void add(List<String> links, JsonNode server, String url) {
        if (url.isEmpty() || url.indexOf('>') >= 0) {
            return;
        }
        String scheme = url.substring(0, Math.max(0, url.indexOf(':'))).toLowerCase(Locale.ROOT);
        if (scheme.equals("stun") || scheme.equals("stuns")) {
            links.add("<" + url + ">; rel=\"ice-server\"");
        } else if ((scheme.equals("turn") || scheme.equals("turns")) && server.path("credential").isTextual()) {
            links.add("<" + url + ">; rel=\"ice-server\"; username=\"" + quote(server.path("username").asText())
                    + "\"; credential=\"" + quote(server.path("credential").asText())
                    + "\"; credential-type=\"password\"");
        }
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
