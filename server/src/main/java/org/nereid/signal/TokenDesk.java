package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Stateful tokens as the maketoken, edittoken and listtokens group actions
 * need them. Backed by {@code org.nereid.auth}. Signalling checks the
 * permissions Galène requires before calling; the desk validates the token.
 */
public interface TokenDesk {

    /**
     * Creates a token for {@code group} as described by the client's value.
     *
     * @param issuer            the username of the client asking (may be empty)
     * @param issuerPermissions a token may grant none beyond these
     * @return the token as Galène sends it back
     */
    JsonNode make(String group, String issuer, List<String> issuerPermissions, JsonNode value) throws Refusal;

    /** Changes the expiry or opening time of an existing token of {@code group}. */
    JsonNode edit(String group, JsonNode value) throws Refusal;

    /** The tokens of {@code group}. */
    JsonNode list(String group) throws Refusal;

    /** A refused token request: Galène's error identifier ("error", "not-authorised") and a sentence. */
    final class Refusal extends Exception {
        private final String error;

        public Refusal(String error, String message) {
            super(message);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }
}
