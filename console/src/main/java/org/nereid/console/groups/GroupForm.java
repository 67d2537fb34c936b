package org.nereid.console.groups;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.console.TimeText;

/**
 * The editable fields of a group description, with validation. Built from the server's
 * (sanitised) JSON and turned back into JSON that keeps every field the form does not know
 * (obsolete ones such as "op" or "allow-anonymous" included), so saving never loses data.
 */
public final class GroupForm {
    public static final List<String> CODECS = List.of("vp8", "vp9", "av1", "h264", "opus", "g722", "pcmu", "pcma");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> KEY_LIST = new TypeReference<>() { };

    private final ObjectNode original;
    private final ZoneId zone;
    public final StringProperty name = new SimpleStringProperty("");
    public final StringProperty displayName = new SimpleStringProperty("");
    public final StringProperty description = new SimpleStringProperty("");
    public final StringProperty contact = new SimpleStringProperty("");
    public final StringProperty comment = new SimpleStringProperty("");
    public final StringProperty redirect = new SimpleStringProperty("");
    public final StringProperty maxClients = new SimpleStringProperty("");
    public final StringProperty maxHistoryAge = new SimpleStringProperty("");
    public final StringProperty expires = new SimpleStringProperty("");
    public final StringProperty notBefore = new SimpleStringProperty("");
    public final StringProperty authServer = new SimpleStringProperty("");
    public final StringProperty authPortal = new SimpleStringProperty("");
    /** A JSON Web Key set; stored through the separate keys endpoint, never read back. */
    public final StringProperty authKeys = new SimpleStringProperty("");
    public final BooleanProperty isPublic = new SimpleBooleanProperty();
    public final BooleanProperty allowRecording = new SimpleBooleanProperty();
    public final BooleanProperty unrestrictedTokens = new SimpleBooleanProperty();
    /** Nereid's allow-user-invites (Galène refuses a group file that has it). */
    public final BooleanProperty allowUserInvites = new SimpleBooleanProperty();
    public final BooleanProperty autoSubgroups = new SimpleBooleanProperty();
    public final BooleanProperty autolock = new SimpleBooleanProperty();
    public final BooleanProperty autokick = new SimpleBooleanProperty();
    public final ObservableList<String> codecs = FXCollections.observableArrayList();

    private GroupForm(ObjectNode original, ZoneId zone) {
        this.original = original;
        this.zone = zone;
    }

    public static GroupForm blank(ZoneId zone) {
        return new GroupForm(JSON.createObjectNode(), zone);
    }

    public static GroupForm of(String groupName, ObjectNode json, ZoneId zone) {
        GroupForm f = new GroupForm(json.deepCopy(), zone);
        f.name.set(groupName);
        f.displayName.set(json.path("displayName").asText(""));
        f.description.set(json.path("description").asText(""));
        f.contact.set(json.path("contact").asText(""));
        f.comment.set(json.path("comment").asText(""));
        f.redirect.set(json.path("redirect").asText(""));
        f.maxClients.set(json.has("max-clients") ? json.get("max-clients").asText() : "");
        f.maxHistoryAge.set(json.has("max-history-age")
                ? TimeText.show(Duration.ofSeconds(json.get("max-history-age").asLong())) : "");
        f.expires.set(TimeText.show(TimeText.fromJson(json.path("expires").asText(null)), zone));
        f.notBefore.set(TimeText.show(TimeText.fromJson(json.path("not-before").asText(null)), zone));
        f.authServer.set(json.path("authServer").asText(""));
        f.authPortal.set(json.path("authPortal").asText(""));
        f.isPublic.set(json.path("public").asBoolean());
        f.allowRecording.set(json.path("allow-recording").asBoolean());
        f.unrestrictedTokens.set(json.path("unrestricted-tokens").asBoolean());
        f.allowUserInvites.set(json.path("allow-user-invites").asBoolean());
        f.autoSubgroups.set(json.path("auto-subgroups").asBoolean());
        f.autolock.set(json.path("autolock").asBoolean());
        f.autokick.set(json.path("autokick").asBoolean());
        json.path("codecs").forEach(c -> f.codecs.add(c.asText()));
        return f;
    }

    /** Everything wrong with the form, one sentence each; empty when it can be saved. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        String n = name.get().strip();
        if (n.isEmpty()) {
            problems.add("Give the group a name.");
        } else if (n.startsWith("/") || n.endsWith("/") || n.contains("//") || n.contains("\\")
                || List.of(n.split("/")).stream().anyMatch(s -> s.startsWith("."))) {
            problems.add("The name \"" + n + "\" is not allowed: use letters, digits, - and _, with / only"
                    + " between parts of a subgroup name, and no part starting with a dot.");
        }
        if (!maxClients.get().isBlank()) {
            try {
                if (Integer.parseInt(maxClients.get().strip()) < 0) {
                    problems.add("Maximum clients cannot be negative (0 or empty means no limit).");
                }
            } catch (NumberFormatException e) {
                problems.add("Maximum clients must be a whole number.");
            }
        }
        check(problems, () -> TimeText.parseDuration(maxHistoryAge.get()), "Chat history: ");
        Instant from = check(problems, () -> TimeText.parseInstant(notBefore.get(), zone), "Not before: ");
        Instant until = check(problems, () -> TimeText.parseInstant(expires.get(), zone), "Expires: ");
        if (from != null && until != null && !until.isAfter(from)) {
            problems.add("The group expires before it opens: make Expires later than Not before.");
        }
        for (String url : List.of(redirect.get(), authServer.get(), authPortal.get())) {
            if (!url.isBlank() && !url.strip().matches("https?://\\S+")) {
                problems.add("\"" + url.strip() + "\" is not a web address (it must start with http:// or https://).");
            }
        }
        for (String c : codecs) {
            if (!CODECS.contains(c)) {
                problems.add("Unknown codec " + c + "; choose among " + String.join(", ", CODECS) + ".");
            }
        }
        if (!authKeys.get().isBlank()) {
            try {
                JsonNode keys = JSON.readTree(authKeys.get());
                if (!keys.path("keys").isArray()) {
                    problems.add("Authentication keys must be a JSON Web Key set: {\"keys\": [ … ]}.");
                }
            } catch (JsonProcessingException e) {
                problems.add("Authentication keys are not valid JSON: " + e.getOriginalMessage() + ".");
            }
        }
        return problems;
    }

    private static <T> T check(List<String> problems, java.util.function.Supplier<T> parse, String field) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            problems.add(field + e.getMessage());
            return null;
        }
    }

    /** The description to send; call only when {@link #validate()} is empty. */
    public ObjectNode toJson() {
        ObjectNode out = original.deepCopy();
        text(out, "displayName", displayName.get());
        text(out, "description", description.get());
        text(out, "contact", contact.get());
        text(out, "comment", comment.get());
        text(out, "redirect", redirect.get());
        text(out, "authServer", authServer.get());
        text(out, "authPortal", authPortal.get());
        flag(out, "public", isPublic.get());
        flag(out, "allow-recording", allowRecording.get());
        flag(out, "unrestricted-tokens", unrestrictedTokens.get());
        flag(out, "allow-user-invites", allowUserInvites.get());
        flag(out, "auto-subgroups", autoSubgroups.get());
        flag(out, "autolock", autolock.get());
        flag(out, "autokick", autokick.get());
        int max = maxClients.get().isBlank() ? 0 : Integer.parseInt(maxClients.get().strip());
        if (max > 0) {
            out.put("max-clients", max);
        } else {
            out.remove("max-clients");
        }
        Duration age = TimeText.parseDuration(maxHistoryAge.get());
        if (age != null) {
            out.put("max-history-age", age.getSeconds());
        } else {
            out.remove("max-history-age");
        }
        date(out, "expires", TimeText.parseInstant(expires.get(), zone));
        date(out, "not-before", TimeText.parseInstant(notBefore.get(), zone));
        if (codecs.isEmpty()) {
            out.remove("codecs");
        } else {
            ArrayNode a = out.putArray("codecs");
            codecs.forEach(a::add);
        }
        return out;
    }

    /** The keys of the JSON Web Key set typed in (after {@link #validate}). */
    public List<Map<String, Object>> keys() {
        try {
            return JSON.convertValue(JSON.readTree(authKeys.get()).path("keys"), KEY_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Authentication keys are not valid JSON: " + e.getOriginalMessage() + ".", e);
        }
    }

    public boolean hasKeys() {
        return !authKeys.get().isBlank();
    }

    private static void text(ObjectNode out, String field, String value) {
        if (value == null || value.isBlank()) {
            out.remove(field);
        } else {
            out.put(field, value.strip());
        }
    }

    private static void flag(ObjectNode out, String field, boolean value) {
        if (value) {
            out.put(field, true);
        } else {
            out.remove(field);
        }
    }

    private static void date(ObjectNode out, String field, Instant value) {
        if (value == null) {
            out.remove(field);
        } else {
            out.put(field, TimeText.rfc3339(value));
        }
    }
}
