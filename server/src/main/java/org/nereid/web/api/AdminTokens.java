package org.nereid.web.api;

/**
 * Bearer-token authentication for the admin API, supplied by the auth package (stateful
 * and JWT tokens with the "admin" permission). {@link #NONE} accepts no token.
 */
@FunctionalInterface
public interface AdminTokens {
    AdminTokens NONE = (token, group) -> false;

    /**
     * @param token the bearer token as sent
     * @param group the group the request is about, or null for server-wide resources
     * @return true when the token grants "admin" there
     */
    boolean isAdmin(String token, String group);
}
