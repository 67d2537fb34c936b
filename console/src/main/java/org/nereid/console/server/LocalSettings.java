package org.nereid.console.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.json.Json;

/**
 * The settings of the server on this computer that the operator chooses in the console,
 * in {@code settings.json} beside its data ({@code local-server/settings.json}); today the
 * {@code -turn} value. Fields the console does not know are kept.
 */
public final class LocalSettings {
    private final Path file;

    public LocalSettings(Path home) {
        this.file = home.resolve("settings.json");
    }

    public Path file() {
        return file;
    }

    /** The saved {@code -turn} setting ({@link TurnFlag}), auto when none is saved. */
    public synchronized String turn() throws IOException {
        JsonNode saved = read();
        return saved.hasNonNull("turn") ? TurnFlag.check(saved.get("turn").asText()) : TurnFlag.AUTO;
    }

    /** Checks and saves a {@code -turn} setting; returns it as kept. */
    public synchronized String saveTurn(String typed) throws IOException {
        String checked = TurnFlag.check(typed);
        ObjectNode saved = read();
        saved.put("turn", checked);
        Files.createDirectories(file.getParent());
        Json.writeAtomically(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(saved));
        return checked;
    }

    private ObjectNode read() throws IOException {
        if (!Files.exists(file)) {
            return Json.mapper().createObjectNode();
        }
        JsonNode n = Json.mapper().readTree(file.toFile());
        if (!(n instanceof ObjectNode o)) {
            throw new IOException(file + " is not a JSON object; delete it to start again from the defaults.");
        }
        return o;
    }
}
