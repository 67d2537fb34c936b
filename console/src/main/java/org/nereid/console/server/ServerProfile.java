package org.nereid.console.server;

import java.net.URI;

import org.nereid.admin.AdminClient;
import org.nereid.admin.ServerTrust;

/**
 * A server the console knows. Secrets (password or token) are not part of the profile;
 * {@link ProfileStore} keeps them apart, in an owner-only file.
 *
 * @param local true for "this computer": the console starts and stops the server itself
 */
public record ServerProfile(String name, String url, String username, boolean useToken, String fingerprint,
        boolean local) {

    public static final String LOCAL_NAME = "This computer";

    public ServerProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Give the server a name.");
        }
        URI u;
        try {
            u = URI.create(url == null ? "" : url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The address " + url + " is not a valid URL.", e);
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException(
                    "The address must look like https://host:8443/ (http:// only for a server on this computer).");
        }
        url = url.strip();
    }

    public ServerProfile withFingerprint(String pinned) {
        return new ServerProfile(name, url, username, useToken, pinned, local);
    }

    public ServerProfile withUrl(String newUrl) {
        return new ServerProfile(name, newUrl, username, useToken, fingerprint, local);
    }

    public AdminClient connect(String secret) {
        ServerTrust trust = fingerprint == null ? ServerTrust.system() : ServerTrust.pinned(fingerprint);
        return useToken ? AdminClient.create(URI.create(url), null, null, secret, trust)
                : AdminClient.create(URI.create(url), username, secret, null, trust);
    }

    @Override
    public String toString() {
        return name;
    }
}
