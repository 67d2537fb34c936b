package org.nereid.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A minimal Galène group behind a real WebSocket ({@link FakeGalene}): it
 * follows galene-protocol.md for joining, users, chat, user messages, user
 * and group actions, and refuses media (it answers offers with abort), so the
 * page can be tested before the real server exists and without one. The page
 * is the thing under test; this only relays.
 */
final class FakeGroup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    /** username → [password, permissions...] */
    private final Map<String, List<String>> accounts = new HashMap<>();
    /** token → username ("" for none) */
    private final Map<String, String> tokens = new HashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private final List<ObjectNode> history = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private boolean locked;
    private int tokenCount;
    private boolean abortOffers = true;
    private final List<String> offeredLabels = new ArrayList<>();

    /** One WebSocket connection. */
    static final class Client {
        private final Consumer<String> out;
        String id;
        String username;
        List<String> permissions = List.of();
        ObjectNode data = JSON.createObjectNode();
        boolean joined;

        Client(Consumer<String> out) {
            this.out = out;
        }
    }

    FakeGroup(String name) {
        this.name = name;
    }

    FakeGroup account(String username, String password, String... permissions) {
        List<String> v = new ArrayList<>();
        v.add(password);
        v.addAll(List.of(permissions));
        accounts.put(username, v);
        return this;
    }

    FakeGroup token(String token, String username) {
        tokens.put(token, username);
        return this;
    }

    /** Leave offers unanswered instead of aborting them: the page keeps sending (to no one). */
    synchronized FakeGroup holdOffers() {
        abortOffers = false;
        return this;
    }

    /** Labels of the streams the pages offered, in order. */
    synchronized List<String> offeredLabels() {
        return new ArrayList<>(offeredLabels);
    }

    synchronized boolean isLocked() {
        return locked;
    }

    synchronized List<String> tokens() {
        return new ArrayList<>(tokens.keySet());
    }

    synchronized Client connect(Consumer<String> out) {
        Client c = new Client(out);
        clients.add(c);
        return c;
    }

    synchronized void disconnect(Client c) {
        leave(c, null);
        clients.remove(c);
    }

    private void send(Client c, ObjectNode m) {
        c.out.accept(m.toString());
    }

    private ObjectNode msg(String type) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", type);
        return m;
    }

    /** Messages the page sent that Galène's protocol does not allow, for the test to fail on. */
    synchronized List<String> violations() {
        return new ArrayList<>(violations);
    }

    synchronized void receive(Client c, String text) {
        try {
            dispatch(c, text);
        } catch (RuntimeException e) {
            violations.add(e.getMessage());
        }
    }

    private void dispatch(Client c, String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("the page sent non-JSON: " + text, e);
        }
        switch (m.path("type").asText()) {
            case "handshake" -> {
                c.id = m.path("id").asText();
                ObjectNode h = msg("handshake");
                h.putArray("version").add("2");
                send(c, h);
            }
            case "join" -> {
                if ("leave".equals(m.path("kind").asText())) leave(c, null);
                else join(c, m);
            }
            case "request", "pong", "close", "ice", "answer", "abort" -> { }
            case "ping" -> send(c, msg("pong"));
            case "offer" -> {
                if (!m.path("sdp").asText().startsWith("v=0")) throw new IllegalArgumentException("offer without SDP");
                offeredLabels.add(m.path("label").asText());
                if (abortOffers) {
                    // no media here: refuse the stream as a server may
                    ObjectNode a = msg("abort");
                    a.put("id", m.path("id").asText());
                    send(c, a);
                }
            }
            case "chat" -> chat(c, (ObjectNode) m);
            case "usermessage" -> userMessage(c, (ObjectNode) m);
            case "useraction" -> userAction(c, m);
            case "groupaction" -> groupAction(c, m);
            default -> throw new IllegalArgumentException("unexpected message " + text);
        }
    }

    private void fail(Client c, String error, String value) {
        ObjectNode j = msg("joined");
        j.put("kind", "fail");
        j.put("group", name);
        if (error != null) j.put("error", error);
        j.put("value", value);
        send(c, j);
    }

    private void join(Client c, JsonNode m) {
        String username = m.path("username").asText("");
        List<String> perms;
        if (m.hasNonNull("token")) {
            String owner = tokens.get(m.get("token").asText());
            if (owner == null) {
                fail(c, null, "not authorised");
                return;
            }
            if (!owner.isEmpty()) username = owner;
            if (username.isEmpty()) {
                fail(c, "need-username", "username required");
                return;
            }
            perms = List.of("present", "message");
        } else {
            List<String> acct = accounts.get(username);
            if (acct == null || !acct.get(0).equals(m.path("password").asText())) {
                fail(c, null, "not authorised");
                return;
            }
            perms = acct.subList(1, acct.size());
        }
        if (locked && !perms.contains("op")) {
            fail(c, null, "this group is locked");
            return;
        }
        c.username = username;
        c.permissions = perms;
        c.joined = true;
        send(c, joined(c, "join"));
        for (Client o : joinedClients()) {
            send(c, user("add", o));
            if (o != c) send(o, user("add", c));
        }
        for (ObjectNode h : history) {
            ObjectNode copy = h.deepCopy();
            copy.put("type", "chathistory");
            send(c, copy);
        }
    }

    private ObjectNode joined(Client c, String kind) {
        ObjectNode j = msg("joined");
        j.put("kind", kind);
        j.put("group", name);
        j.put("username", c.username);
        ArrayNode p = j.putArray("permissions");
        c.permissions.forEach(p::add);
        j.putObject("status").put("name", name).put("locked", locked);
        return j;
    }

    private ObjectNode user(String kind, Client c) {
        ObjectNode u = msg("user");
        u.put("kind", kind);
        u.put("id", c.id);
        u.put("username", c.username);
        ArrayNode p = u.putArray("permissions");
        c.permissions.forEach(p::add);
        u.set("data", c.data);
        return u;
    }

    private List<Client> joinedClients() {
        return clients.stream().filter(x -> x.joined).toList();
    }

    private Client byId(String id) {
        return joinedClients().stream().filter(x -> x.id.equals(id)).findFirst().orElse(null);
    }

    private void leave(Client c, String why) {
        if (!c.joined) return;
        c.joined = false;
        ObjectNode j = msg("joined");
        j.put("kind", "leave");
        j.put("group", name);
        if (why != null) j.put("value", why);
        send(c, j);
        for (Client o : joinedClients()) send(o, user("delete", c));
    }

    private void chat(Client c, ObjectNode m) {
        m.put("id", "m" + history.size() + "-" + System.nanoTime());
        m.put("source", c.id);
        m.put("username", c.username);
        m.put("time", Instant.now().toString());
        m.put("privileged", c.permissions.contains("op"));
        String dest = m.path("dest").asText("");
        if (!dest.isEmpty()) {
            Client d = byId(dest);
            if (d != null) send(d, m);
            return;
        }
        if (!"caption".equals(m.path("kind").asText())) history.add(m);
        joinedClients().forEach(o -> send(o, m));
    }

    private void userMessage(Client c, ObjectNode m) {
        m.put("source", c.id);
        m.put("username", c.username);
        m.put("privileged", c.permissions.contains("op"));
        String dest = m.path("dest").asText("");
        if (dest.isEmpty()) {
            joinedClients().stream().filter(o -> o != c || !m.path("noecho").asBoolean()).forEach(o -> send(o, m));
        } else {
            Client d = byId(dest);
            if (d != null) send(d, m);
        }
    }

    private void serverMessage(Client to, String kind, Object value) {
        ObjectNode u = msg("usermessage");
        u.put("kind", kind);
        u.put("privileged", true);
        u.set("value", JSON.valueToTree(value));
        send(to, u);
    }

    private void userAction(Client c, JsonNode m) {
        String kind = m.path("kind").asText();
        Client target = byId(m.path("dest").asText());
        if (target == null) return;
        if (kind.equals("setdata")) {
            if (target != c) return;
            m.path("value").fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) c.data.remove(e.getKey());
                else c.data.set(e.getKey(), e.getValue());
            });
            joinedClients().forEach(o -> send(o, user("change", c)));
            return;
        }
        if (!c.permissions.contains("op")) {
            serverMessage(c, "error", "not authorised");
            return;
        }
        switch (kind) {
            case "kick" -> {
                ObjectNode k = msg("usermessage");
                k.put("kind", "kicked");
                k.put("source", c.id);
                k.put("username", c.username);
                k.put("privileged", true);
                k.put("value", m.path("value").asText(""));
                send(target, k);
                leave(target, null);
            }
            case "op", "unop", "present", "unpresent" -> {
                String perm = kind.replace("un", "");
                List<String> p = new ArrayList<>(target.permissions);
                p.remove(perm);
                if (!kind.startsWith("un")) p.add(perm);
                target.permissions = p;
                send(target, joined(target, "change"));
                joinedClients().forEach(o -> send(o, user("change", target)));
            }
            default -> serverMessage(c, "error", "unknown action " + kind);
        }
    }

    private void groupAction(Client c, JsonNode m) {
        String kind = m.path("kind").asText();
        boolean op = c.permissions.contains("op");
        switch (kind) {
            case "lock", "unlock" -> {
                if (!op) return;
                locked = kind.equals("lock");
                joinedClients().forEach(o -> send(o, joined(o, "change")));
            }
            case "clearchat" -> {
                if (!op) return;
                history.clear();
                joinedClients().forEach(o -> serverMessage(o, "clearchat", m.path("value")));
            }
            case "maketoken" -> {
                if (!c.permissions.contains("token")) return;
                String t = "tok" + (++tokenCount);
                String user = m.path("value").path("username").asText("");
                tokens.put(t, user);
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("token", t);
                v.put("group", name);
                if (!user.isEmpty()) v.put("username", user);
                serverMessage(c, "token", v);
            }
            default -> serverMessage(c, "error", "unknown group action " + kind);
        }
    }
}
