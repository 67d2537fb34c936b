package org.nereid.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Nereid's own server settings, {@code data/nereid.json}: what Galène has no field for.
 * They live in a file of their own because Galène refuses unknown fields in group files
 * and in config.json, and an operator must be able to go back to Galène with the same
 * groups/ and data/.
 *
 * @param keepChat the groups whose chat history is kept on disk across restarts
 *                 ({@code data/var/chat/}); a name ending in {@code /*} covers its subgroups,
 *                 {@code *} covers every group
 */
public record NereidSettings(
        @JsonProperty("keep-chat") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> keepChat) {
    public static final String FILE = "nereid.json";
    public static final NereidSettings DEFAULTS = new NereidSettings(List.of());

    public NereidSettings {
        keepChat = keepChat == null ? List.of() : List.copyOf(keepChat);
    }

    /** Whether {@code group}'s chat is kept across restarts. */
    public boolean keepsChat(String group) {
        for (String pattern : keepChat) {
            if (pattern.equals("*") || pattern.equals(group)
                    || pattern.endsWith("/*") && group.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
