package org.nereid.group;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One broadcast chat message kept for late joiners (on disk only for groups that opt in: {@link ChatArchive}). */
public record ChatEntry(String id, String source, String username, Instant time, String kind, JsonNode value) {
}
