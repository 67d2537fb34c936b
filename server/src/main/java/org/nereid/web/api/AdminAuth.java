package org.nereid.web.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.nereid.auth.FailedLogins;
import org.nereid.group.GroupDirectory;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileException;
import org.nereid.group.ServerConfigFile;
import org.nereid.model.UserDescription;
import org.nereid.password.PasswordFormatException;
import org.nereid.password.RecentlyVerified;
import org.nereid.web.Request;

/**
 * Who may use the admin API, as Galène decides: a server administrator (a config.json user
 * with permission "admin", HTTP Basic), a bearer token with "admin" ({@link AdminTokens}),
 * for a group's resources a user of that group whose permissions include "admin", and for a
 * password the user it belongs to, proving the current one.
 */
final class AdminAuth {
    private final ServerConfigFile config;
    private final GroupDirectory groups;
    private final AdminTokens tokens;
    /** Clients send credentials with every request; remembering matches keeps slow hashes off each one. */
    private final RecentlyVerified passwords = new RecentlyVerified();
    private final FailedLogins failures = new FailedLogins();

    AdminAuth(ServerConfigFile config, GroupDirectory groups, AdminTokens tokens) {
        this.config = config;
        this.groups = groups;
        this.tokens = tokens;
    }

    record Credentials(String username, String password, String bearer) {
    }

    static Credentials credentials(Request request) {
        String header = request.header(HttpHeaderNames.AUTHORIZATION);
        if (header == null) {
            return new Credentials(null, null, null);
        }
        String username = null;
        String password = null;
        String bearer = null;
        for (String part : header.split(",")) {
            String[] scheme = part.trim().split(" ", 2);
            if (scheme.length != 2) {
                continue;
            }
            String kind = scheme[0].toLowerCase(Locale.ROOT);
            if (kind.equals("basic") && username == null) {
                try {
                    String decoded = new String(Base64.getDecoder().decode(scheme[1].trim()), StandardCharsets.UTF_8);
                    int colon = decoded.indexOf(':');
                    if (colon >= 0) {
                        username = decoded.substring(0, colon);
                        password = decoded.substring(colon + 1);
                    }
                } catch (IllegalArgumentException e) {
                    // not base64: no credentials
                }
            } else if (kind.equals("bearer") && bearer == null) {
                bearer = scheme[1].trim();
            }
        }
        return new Credentials(username, password, bearer);
    }

    /** Milliseconds before these credentials from this address are looked at again (guessing backoff). */
    long waitMillis(Request request, Credentials c) {
        return c.username() == null ? 0 : failures.waitMillis(address(request), c.username());
    }

    /**
     * Whether the credentials give access; a name and password are not even checked while
     * {@link #waitMillis} says to wait, and each failure lengthens the wait.
     *
     * @param group the group the resource belongs to, or null
     * @param owner the user whose password is the resource (null: not a password)
     */
    boolean allowed(Request request, Credentials c, String group, String owner) {
        if (c.bearer() != null && tokens.isAdmin(c.bearer(), group)) {
            return true;
        }
        if (c.username() == null || waitMillis(request, c) > 0) {
            return false;
        }
        boolean ok = passwordAllowed(c, group, owner);
        if (ok) {
            failures.succeeded(address(request), c.username());
        } else {
            failures.failed(address(request), c.username());
        }
        return ok;
    }

    private static String address(Request request) {
        return request.remote() == null ? "" : request.remote().getAddress().getHostAddress();
    }

    private boolean passwordAllowed(Credentials c, String group, String owner) {
        UserDescription admin = config.current().users().get(c.username());
        if (admin != null && matches(admin, c.password()) && hasAdmin(admin.permissions() == null
                ? java.util.List.of() : admin.permissions().expand(false, false))) {
            return true;
        }
        if (group == null) {
            return false;
        }
        Optional<GroupEntry> entry;
        try {
            entry = groups.findFile(group);
        } catch (GroupFileException e) {
            return false;
        }
        if (entry.isEmpty()) {
            return false;
        }
        UserDescription user = entry.get().description().users().get(c.username());
        if (user == null || !matches(user, c.password())) {
            return false;
        }
        return c.username().equals(owner) || hasAdmin(user.permissionsIn(entry.get().description()));
    }

    /** 401 asking for an administrator's name and password, in {@code realm}. */
    static io.netty.handler.codec.http.FullHttpResponse challenge(String realm) {
        io.netty.handler.codec.http.FullHttpResponse r = org.nereid.web.Responses.text(
                io.netty.handler.codec.http.HttpResponseStatus.UNAUTHORIZED, "Authentication required: use the "
                        + "name and password of an administrator (a config.json user with permission \"admin\").");
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\"");
        return r;
    }

    private static boolean hasAdmin(java.util.List<String> permissions) {
        return permissions.contains("admin");
    }

    private boolean matches(UserDescription user, String attempt) {
        try {
            return user.password() != null && passwords.matches(user.password(), attempt);
        } catch (PasswordFormatException e) {
            return false;
        }
    }
}
