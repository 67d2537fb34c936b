package org.nereid.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;
import org.nereid.group.GroupActivity;
import org.nereid.group.GroupEntry;
import org.nereid.model.GroupDescription;

/**
 * A group's public status, Galène's {@code .status} document and the elements of
 * {@code public-groups.json}. Whether it is locked and how many are in it are told only for
 * public groups; a redirecting group tells only where it went.
 */
@JsonPropertyOrder({"name", "redirect", "location", "endpoint", "displayName", "description", "authServer",
        "authPortal", "locked", "clientCount"})
@JsonInclude(Include.NON_EMPTY)
public record GroupStatus(
        @JsonProperty("name") String name,
        @JsonProperty("redirect") String redirect,
        @JsonProperty("location") String location,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("displayName") String displayName,
        @JsonProperty("description") String description,
        @JsonProperty("authServer") String authServer,
        @JsonProperty("authPortal") String authPortal,
        @JsonProperty("locked") @JsonInclude(Include.NON_DEFAULT) boolean locked,
        @JsonProperty("clientCount") @JsonInclude(Include.NON_NULL) Integer clientCount) {

    /** @param base the root URL clients see (scheme, host, optional path); see {@link BaseUrl} */
    public static GroupStatus of(GroupEntry entry, URI base, GroupActivity activity) {
        GroupDescription d = entry.description();
        String name = entry.name();
        if (!d.redirect().isEmpty()) {
            return new GroupStatus(name, d.redirect(), null, null, d.displayName(), d.description(), null, null,
                    false, null);
        }
        String prefix = base.getRawPath() == null ? "" : stripTrailingSlash(base.getRawPath());
        String location = base.getScheme() + "://" + base.getRawAuthority() + prefix + "/group/"
                + RequestPath.encodePath(name) + "/";
        String ws = "http".equalsIgnoreCase(base.getScheme()) ? "ws" : "wss";
        String endpoint = activity.endpoint(name).orElse(ws + "://" + base.getRawAuthority() + prefix + "/ws");
        boolean showActivity = d.isPublic();
        return new GroupStatus(name, null, location, endpoint, d.displayName(), d.description(), d.authServer(),
                d.authPortal(), showActivity && activity.locked(name),
                showActivity ? activity.clientCount(name) : null);
    }

    private static String stripTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
