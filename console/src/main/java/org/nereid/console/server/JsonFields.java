package org.nereid.console.server;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.admin.Versioned;
import org.nereid.json.Json;

/** The console edits the admin API's objects as JSON trees, so that fields it does not know survive. */
public final class JsonFields {
    private JsonFields() {
    }

    public static Versioned<ObjectNode> tree(Versioned<Map<String, Object>> fields) {
        return new Versioned<>(Json.mapper().valueToTree(fields.value()), fields.etag());
    }
}
