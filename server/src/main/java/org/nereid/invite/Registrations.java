package org.nereid.invite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenStore;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileException;
import org.nereid.group.GroupFileWriter;
import org.nereid.group.ServerConfigFile;
import org.nereid.model.GroupDescription;
import org.nereid.model.GroupNames;
import org.nereid.model.Password;
import org.nereid.model.Permissions;
import org.nereid.model.StatefulToken;
import org.nereid.model.TokenKind;
import org.nereid.model.TokenState;
import org.nereid.model.UserDescription;
import org.nereid.password.Passwords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a registration invitation into a user of its group: checks the token, then adds the
 * user to the group file through the same serialised, atomic writer as the admin API, with
 * the password hashed as the admin API hashes it (pbkdf2-sha-256) and the token's
 * permissions. The use is counted inside that writer's lock once the file can take the user
 * (atomically: of two registrations racing for the last use one wins), so a registration that
 * fails (name taken, file unreadable) never holds a use; one whose file cannot be written
 * gives it back.
 */
public final class Registrations {
    private static final Logger log = LoggerFactory.getLogger(Registrations.class);
    /** Longer names and passwords are surely mistakes (or attacks); pbkdf2 would take them, bcrypt not. */
    static final int MAX_NAME_CHARS = 128;
    static final int MAX_PASSWORD_BYTES = 1024;

    /** A user that now exists. */
    public record Registered(String group, String username) {
    }

    private final TokenStore tokens;
    private final GroupFileWriter writer;
    private final ServerConfigFile config;
    private final Clock clock;

    public Registrations(TokenStore tokens, GroupFileWriter writer, ServerConfigFile config, Clock clock) {
        this.tokens = tokens;
        this.writer = writer;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param username the name the guest chose; ignored (or must match) when the invitation fixes one
     */
    Registered register(String tokenId, String username, String password) throws InvitationException, IOException {
        StatefulToken t = tokens.get(tokenId).orElseThrow(() -> new InvitationException(404,
                "This invitation is not known here: it was mistyped, or deleted after it ended. Ask for a new one."));
        if (t.kind() != TokenKind.REGISTER) {
            throw new InvitationException(400, "This invitation lets you join the meeting but not create an account:"
                    + " open its link to join.");
        }
        Instant now = clock.instant();
        requireUsable(t, now);
        if (t.group().isEmpty() || t.includeSubgroups()) {
            throw new InvitationException(409, "This invitation does not name one group, so it cannot create an"
                    + " account; ask for an invitation made in the group itself.");
        }
        if (!config.current().writableGroups()) {
            throw new InvitationException(403, "This server does not let group files be changed (writableGroups is"
                    + " off), so it cannot create accounts; tell the administrator.");
        }
        String name = chosenName(t, username);
        Password hashed = hash(password);
        // the use is counted inside the writer's lock, once the file can take the user: a
        // registration that fails (a name taken) never holds a use another one needed
        boolean[] claimed = {false};
        boolean added = false;
        try {
            writer.edit(t.group(), current -> {
                GroupDescription next = withNewUser(current, t, name, hashed);
                claimUse(tokenId, now);
                claimed[0] = true;
                return Optional.of(next);
            });
            added = true;
        } catch (GroupFileException e) {
            throw new InvitationException(409, "The group's file cannot be read right now, so no account was"
                    + " created; tell the administrator.");
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (claimed[0] && !added) {
                tokens.returnUse(tokenId); // the file could not be written after all
            }
        }
        log.info("group '{}': user \"{}\" registered with an invitation from {}", t.group(), name,
                t.issuedBy() == null ? "an administrator" : t.issuedBy());
        return new Registered(t.group(), name);
    }

    /** Counts one use of the invitation, or says why it has none left (used up, revoked, deleted). */
    private void claimUse(String tokenId, Instant now) throws InvitationException {
        TokenStore.Claim claim;
        try {
            claim = tokens.claimUse(tokenId, now).orElseThrow(() -> new InvitationException(404,
                    "This invitation was deleted a moment ago. Ask for a new one."));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // out of the writer's edit, which declares one exception type
        }
        if (!claim.claimed()) {
            requireUsable(claim.token(), now);
        }
    }

    private static void requireUsable(StatefulToken t, Instant now) throws InvitationException {
        Optional<String> why = Authoriser.whyUnusable(t, now);
        if (why.isPresent()) {
            throw new InvitationException(t.stateAt(now) == TokenState.NOT_YET_VALID ? 403 : 410, why.get());
        }
    }

    private static String chosenName(StatefulToken t, String username) throws InvitationException {
        if (t.username() != null && !t.username().isEmpty()) {
            if (username != null && !username.isEmpty() && !username.equals(t.username())) {
                throw new InvitationException(400, "This invitation is for the name \"" + t.username()
                        + "\"; register under that name.");
            }
            return t.username();
        }
        if (username == null || username.isBlank()) {
            throw new InvitationException(400, "Choose a username.");
        }
        if (username.length() > MAX_NAME_CHARS || !GroupNames.isValidUsername(username)
                || !username.strip().equals(username)) {
            throw new InvitationException(400, "The username \"" + username + "\" is not allowed: use at most "
                    + MAX_NAME_CHARS + " characters, no spaces at either end, no \"/\" at either end, no \"..\","
                    + " backslashes or control characters.");
        }
        return username;
    }

    private static Password hash(String password) throws InvitationException {
        if (password == null || password.isEmpty()) {
            throw new InvitationException(400, "Choose a password.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvitationException(400, "This password is too long; use at most " + MAX_PASSWORD_BYTES
                    + " bytes.");
        }
        return Passwords.pbkdf2(password, Passwords.DEFAULT_PBKDF2_ITERATIONS, Passwords.DEFAULT_PBKDF2_KEY_LENGTH,
                Passwords.DEFAULT_PBKDF2_SALT_LENGTH);
    }

    /** The group with the new user, or why not: the group is gone, or the name is taken. */
    private static GroupDescription withNewUser(Optional<GroupEntry> current, StatefulToken t, String name,
                                                Password password) throws InvitationException {
        GroupDescription group = current.orElseThrow(() -> new InvitationException(410,
                "The group \"" + t.group() + "\" no longer exists, so no account was created.")).description();
        if (group.users().containsKey(name)) {
            throw new InvitationException(409, "The name \"" + name + "\" already exists, choose another.");
        }
        return group.withUser(name, new UserDescription(password, permissions(t.permissionList(), group)));
    }

    /**
     * The user's permissions: the name of a set when the set grants exactly the invitation's
     * permissions in this group (so the user follows the group's settings like other members),
     * else the invitation's list as written.
     */
    static Permissions permissions(List<String> granted, GroupDescription group) {
        for (String set : Permissions.SET_NAMES) {
            Permissions named = Permissions.named(set);
            if (new HashSet<>(named.expand(group)).equals(new HashSet<>(granted))) {
                return named;
            }
        }
        return Permissions.of(granted);
    }
}
