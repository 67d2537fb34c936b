package org.nereid.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a console on the same computer needs to manage the installed service, written to
 * {@code /var/lib/nereid/console.json} (mode 0640, group {@code nereid}) at each service start.
 *
 * @param url         the server's root URL as seen from this computer, e.g. {@code https://127.0.0.1:8443/}
 * @param username    the admin user in {@code data/config.json}
 * @param password    that user's password, or null when the operator set it and it is not known here
 * @param certificate the PEM file of the certificate the server presents (to pin), or null with -insecure
 */
@JsonPropertyOrder({"url", "username", "password", "certificate"})
@JsonInclude(Include.NON_NULL)
public record ConsoleDiscovery(
        @JsonProperty("url") String url,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("certificate") String certificate) {
}
