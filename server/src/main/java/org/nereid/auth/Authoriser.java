package org.nereid.auth;

import org.nereid.logging.LogText;
import org.nereid.model.GroupDescription;
import org.nereid.model.GroupNames;
import org.nereid.model.ServerConfig;
import org.nereid.model.StatefulToken;
import org.nereid.model.TokenKind;
import org.nereid.model.TokenState;
import org.nereid.model.UserDescription;
import org.nereid.password.Passwords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who may join a group with which permissions, decided as Galène decides it; and who
 * may use the admin API.
 *
 * <p>A join with a token: a JWT is verified against the group's {@code authKeys} and its
 * audience, anything else is looked up in {@code tokens.jsonl}; the token's username wins
 * over the client's, and when the token has none the client's is used, unless it belongs
 * to a user of the group file. Without a token: the user of that name must have the given
 * password, or else the wildcard user's password must match. Password users get their
 * permission set expanded ({@code token} with unrestricted-tokens, {@code record} with
 * allow-recording); tokens grant their permissions as written.
 *
 * <p>The empty username (an anonymous user) needs the group's {@code allow-anonymous}, as
 * Galène's manual describes it, unless a token imposes it: then it is the issuer's choice.
 *
 * <p>The run-time rules of a group (locked, not open yet, closed, too many users, no
 * operator with autokick) are the group's business and come after this decision.
 *
 * <p>Thread-safe and synchronous: it reads {@code tokens.jsonl} (a stat when unchanged) and
 * hashes passwords, so call it off any event loop.
 */
public final class Authoriser {
    private static final Logger log = LoggerFactory.getLogger(Authoriser.class);
    /** One answer for a wrong password and an unknown user (Galène says "not authorised" to both). */
    static final String WRONG_PASSWORD = "Wrong username or password.";
    private static final String NO_ANONYMOUS = "This group does not allow anonymous users: choose a username.";

    private final TokenStore tokens;
    private final RejoinCredentials rejoins;
    private final Clock clock;

    /** Rejoin credentials are keyed by {@code rejoin.key} beside the token file, shared as it is. */
    public Authoriser(TokenStore tokens, Clock clock) {
        this.tokens = tokens;
        this.rejoins = new RejoinCredentials(new RejoinKey(tokens.path().resolveSibling(RejoinKey.FILE_NAME),
                tokens::sharedFiles));
        this.clock = clock;
    }

    /**
     * Decides a join.
     *
     * @param groupName the group's name ({@code "a/b"} for a subgroup)
     * @param group     its description (for an automatic subgroup, the one it inherits)
     * @param config    the server's config.json: {@code canonicalHost} and {@code proxyURL}
     *                  constrain a JWT's audience
     * @param creds     what the client offered
     */
    public JoinDecision decideJoin(String groupName, GroupDescription group, ServerConfig config, Credentials creds) {
        try {
            JoinDecision.Granted granted = creds.token() != null
                    ? byToken(groupName, group, config, creds)
                    : byPassword(group, creds);
            if (!GroupNames.isValidUsername(granted.username())) {
                throw Refusal.notAuthorised("The username \"" + granted.username()
                        + "\" is not allowed: avoid \"/\" at either end, \"..\", backslashes and control characters.");
            }
            return granted;
        } catch (Refusal r) {
            log.info("group '{}': join refused for {}: {}", LogText.of(groupName),
                    creds.username() == null ? "a client without username" : "\"" + LogText.of(creds.username()) + "\"",
                    LogText.of(r.getMessage()));
            return r.refused();
        }
    }

    /**
     * Whether a member may stay after the group file changed, and with which permissions. A
     * member who joined as a user with their own entry stays while that entry exists, with its
     * permissions as they are now, even if its password changed (they proved the one they had;
     * the new one is for their next join, and changing one's own password must not end one's
     * meeting). Anyone else is decided afresh, as at join.
     */
    public JoinDecision recheckMember(String groupName, GroupDescription group, ServerConfig config,
                                      Credentials creds, JoinDecision.Method joinedBy) {
        UserDescription user = creds.username() == null ? null : group.users().get(creds.username());
        if (joinedBy == JoinDecision.Method.PASSWORD && user != null) {
            return new JoinDecision.Granted(creds.username(), user.permissionsIn(group), joinedBy, null);
        }
        return decideJoin(groupName, group, config, creds);
    }

    /**
     * Whether the credentials make an administrator, as Galène's admin API decides:
     * a config.json user with the {@code admin} permission and the right password (HTTP Basic);
     * for the server as a whole ({@code groupName ""}) a stateful token for the root with
     * {@code admin}; for a group, any credentials that would join it with {@code admin}
     * (a group user, a stateful token or a JWT).
     *
     * @param group the group's description, or null when {@code groupName} is "" or the group does not exist
     */
    public boolean isAdmin(String groupName, GroupDescription group, ServerConfig config, Credentials creds) {
        if (isServerAdmin(config, creds)) {
            return true;
        }
        if (groupName.isEmpty() || group == null) {
            return groupName.isEmpty() && creds.token() != null && rootTokenIsAdmin(creds.token());
        }
        JoinDecision d = decideJoin(groupName, group, config, creds);
        return d instanceof JoinDecision.Granted g && g.permissions().contains("admin");
    }

    /**
     * Whether the credentials may change {@code user}'s password in the group: an
     * administrator, or that user with the current password given explicitly (Basic).
     */
    public boolean mayChangePassword(String groupName, GroupDescription group, ServerConfig config,
                                     Credentials creds, String user) {
        if (group != null && user != null && !user.isEmpty() && user.equals(creds.username())) {
            UserDescription u = group.users().get(user);
            if (u != null && matches(u, creds.password())) {
                return true;
            }
        }
        return isAdmin(groupName, group, config, creds);
    }

    private JoinDecision.Granted byToken(String groupName, GroupDescription group, ServerConfig config,
                                         Credentials creds) throws Refusal {
        if (RejoinCredentials.looksLike(creds.token())) {
            return byRejoinCredential(groupName, group, creds);
        }
        TokenGrant token = JwtVerifier.looksLikeJwt(creds.token())
                ? byJwt(groupName, group, config, creds.token())
                : byStatefulToken(groupName, creds);
        String client = creds.username();
        if (token.username() != null && (!token.username().isEmpty() || client == null)) {
            return token.as(token.username());
        }
        // The token names nobody, or the empty user while the client chose a name: the client's name counts.
        if (client == null) {
            return token.as(""); // a JWT without subject: Galène joins it with the empty name
        }
        if (client.isEmpty()) {
            if (token.username() == null && !group.allowAnonymous()) {
                throw new Refusal(JoinDecision.NEED_USERNAME, NO_ANONYMOUS);
            }
            return token.as("");
        }
        if (group.users().containsKey(client)) {
            throw new Refusal(JoinDecision.DUPLICATE_USERNAME, "The name \"" + client
                    + "\" belongs to a user of this group; choose another name.");
        }
        return token.as(client);
    }

    private TokenGrant byJwt(String groupName, GroupDescription group, ServerConfig config,
                             String token) throws Refusal {
        JwtVerifier.Claims claims = JwtVerifier.verify(token, group.authKeys(), clock.instant());
        if (!JwtVerifier.audienceNames(claims, config.canonicalHost(), proxyPath(config), groupName)) {
            throw Refusal.notAuthorised("The token is for another group (audience " + claims.audience()
                    + "), not for " + groupName + ".");
        }
        List<String> permissions = claims.permissions() == null ? List.of() : claims.permissions();
        return new TokenGrant(claims.subject(), permissions, JoinDecision.Method.JWT, claims.issuer(), null);
    }

    private TokenGrant byStatefulToken(String groupName, Credentials creds) throws Refusal {
        StatefulToken t = find(creds.token()).orElseThrow(() -> Refusal.notAuthorised(
                "This invitation is not known here: it was mistyped or deleted. Ask for a new one."));
        if (!t.appliesTo(groupName)) {
            throw Refusal.notAuthorised("This invitation is for "
                    + (t.group().isEmpty() ? "the whole server" : "group " + t.group())
                    + (t.includeSubgroups() ? " and its subgroups" : "") + ", not for " + groupName + ".");
        }
        requireUsable(t, clock.instant());
        if (t.kind() == TokenKind.REGISTER) {
            throw Refusal.notAuthorised("This invitation creates an account: register first by opening the"
                    + " invitation link and choosing a password, then log in with your name and password.");
        }
        if (t.needsUsername() && creds.username() == null) {
            throw new Refusal(JoinDecision.NEED_USERNAME, "Choose a username to join with this invitation.");
        }
        return new TokenGrant(t.username(), t.permissionList(), JoinDecision.Method.STATEFUL_TOKEN, t.issuedBy(),
                t.token());
    }

    /**
     * A join with a rejoin credential: admitted as the join that earned it was (its username, the
     * token's permissions as they are now) while the token still admits, apart from its uses,
     * which were counted by that first join; nothing is counted now.
     */
    private JoinDecision.Granted byRejoinCredential(String groupName, GroupDescription group, Credentials creds)
            throws Refusal {
        RejoinCredentials.Claims c = rejoins.verify(creds.token(), clock.instant());
        if (!c.group().equals(groupName)) {
            throw Refusal.notAuthorised("Your permission to come back is for group " + c.group() + ", not for "
                    + groupName + ".");
        }
        if (creds.username() != null && !creds.username().equals(c.username())) {
            throw Refusal.notAuthorised("Your permission to come back is for the name \"" + c.username()
                    + "\", not for another one.");
        }
        StatefulToken t = find(c.token()).orElseThrow(() -> Refusal.notAuthorised(
                "The invitation you joined with was deleted. Ask for a new one."));
        // revoked, expired or not yet valid refuse; used up does not: its uses count newcomers, and
        // this one's was counted at the join that earned the credential
        requireUsable(t.withUses(0), clock.instant());
        boolean namedByToken = t.username() != null && !t.username().isEmpty();
        if (!namedByToken && group.users().containsKey(c.username())) {
            throw new Refusal(JoinDecision.DUPLICATE_USERNAME, "The name \"" + c.username()
                    + "\" now belongs to a user of this group; join again with your invitation and another name.");
        }
        return new JoinDecision.Granted(c.username(), t.permissionList(), JoinDecision.Method.REJOIN, t.issuedBy(),
                t.token());
    }

    /**
     * A rejoin credential for a client granted a join with a stateful token (an invitation, or
     * its own earlier rejoin credential), so that it can come back after a lost connection
     * without spending another use; empty for every other join, and when the key cannot be
     * read or made (logged; the client then rejoins with its token, as before).
     */
    public Optional<String> rejoinCredential(String groupName, JoinDecision.Granted granted) {
        if (granted.invitation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(rejoins.mint(groupName, granted.invitation(), granted.username(), clock.instant()));
        } catch (IOException e) {
            log.error("cannot make a rejoin credential with the key beside {}: {}", tokens.path(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Counts the use of the invitation a granted join came with, just before the group admits the
     * client: the grant itself, or a refusal when the invitation cannot be used any more (another
     * join took its last use meanwhile). Grants without a stateful token pass unchanged.
     * Give the use back with {@link #returnUse} if the client does not join after all.
     */
    public JoinDecision claimUse(JoinDecision.Granted granted) {
        if (!granted.countsUse()) {
            return granted;
        }
        try {
            Optional<TokenStore.Claim> claim = tokens.claimUse(granted.invitation(), clock.instant());
            if (claim.isEmpty()) {
                throw Refusal.notAuthorised("This invitation was deleted a moment ago. Ask for a new one.");
            }
            if (!claim.get().claimed()) {
                requireUsable(claim.get().token(), clock.instant()); // says why: used up, revoked…
            }
            return granted;
        } catch (IOException e) {
            log.error("cannot count a use in {}: {}", tokens.path(), e.toString());
            return Refusal.notAuthorised("The server cannot record the use of this invitation right now;"
                    + " try again later.").refused();
        } catch (Refusal r) {
            log.info("join with invitation {}… refused: {}", prefix(granted.invitation()), r.getMessage());
            return r.refused();
        }
    }

    /** Gives back the use {@link #claimUse} counted, when the group refused the client after all. */
    public void returnUse(JoinDecision.Granted granted) {
        if (!granted.countsUse()) {
            return;
        }
        try {
            tokens.returnUse(granted.invitation());
        } catch (IOException e) {
            log.error("cannot give back a use in {}: {}", tokens.path(), e.toString());
        }
    }

    /** Refuses a token that is revoked, used up, expired or not yet valid, with a sentence saying which. */
    static void requireUsable(StatefulToken t, Instant now) throws Refusal {
        Optional<String> why = whyUnusable(t, now);
        if (why.isPresent()) {
            throw Refusal.notAuthorised(why.get());
        }
    }

    /** Why the token cannot be used now (revoked, used up, expired, not yet valid), as a sentence; empty if it can. */
    public static Optional<String> whyUnusable(StatefulToken t, Instant now) {
        return Optional.ofNullable(switch (t.stateAt(now)) {
            case REVOKED -> "This invitation was revoked. Ask for a new one.";
            case USED_UP -> "This invitation has been used up (it allowed " + t.maxUses()
                    + (t.maxUses() == 1 ? " use" : " uses") + "). Ask for a new one.";
            case EXPIRED -> t.expires() == null
                    ? "This invitation has no expiry date and so admits nobody."
                    : "This invitation expired (" + t.expires() + "). Ask for a new one.";
            case NOT_YET_VALID -> "This invitation is not valid yet; it opens at " + t.notBefore() + ".";
            case VALID -> null;
        });
    }

    private static String prefix(String id) {
        return id.substring(0, Math.min(4, id.length()));
    }

    private JoinDecision.Granted byPassword(GroupDescription group, Credentials creds) throws Refusal {
        String username = creds.username();
        if (username == null) {
            throw Refusal.notAuthorised("Give a username and password, or use an invitation link.");
        }
        if (username.isEmpty() && !group.allowAnonymous()) {
            throw Refusal.notAuthorised(NO_ANONYMOUS);
        }
        UserDescription user = group.users().get(username);
        if (user != null) {
            if (!matches(user, creds.password())) {
                throw Refusal.notAuthorised(WRONG_PASSWORD);
            }
            return new JoinDecision.Granted(username, user.permissionsIn(group), JoinDecision.Method.PASSWORD, null);
        }
        UserDescription wildcard = group.wildcardUser();
        if (wildcard != null && matches(wildcard, creds.password())) {
            return new JoinDecision.Granted(username, wildcard.permissionsIn(group), JoinDecision.Method.SHARED_PASSWORD,
                    null);
        }
        // the same words as a wrong password: a refusal must not tell which users exist
        throw Refusal.notAuthorised(WRONG_PASSWORD);
    }

    private boolean isServerAdmin(ServerConfig config, Credentials creds) {
        if (creds.username() == null) {
            return false;
        }
        UserDescription u = config.users().get(creds.username());
        return u != null && matches(u, creds.password()) && u.permissionsIn(null).contains("admin");
    }

    private boolean rootTokenIsAdmin(String token) {
        if (JwtVerifier.looksLikeJwt(token)) {
            return false; // the server as a whole has no keys, as in Galène
        }
        try {
            return find(token).filter(t -> t.appliesTo("") && t.stateAt(clock.instant()) == TokenState.VALID
                    && t.kind() == TokenKind.JOIN && t.permissionList().contains("admin")).isPresent();
        } catch (Refusal r) {
            return false;
        }
    }

    private Optional<StatefulToken> find(String id) throws Refusal {
        try {
            return tokens.get(id);
        } catch (IOException e) {
            log.error("cannot read {}: {}", tokens.path(), e.toString());
            throw Refusal.notAuthorised("The server cannot read its invitations right now; try again later.");
        }
    }

    /** A stored password against an attempt; a malformed stored password matches nothing and is logged. */
    private static boolean matches(UserDescription user, String attempt) {
        try {
            return Passwords.matches(user.password(), attempt == null ? "" : attempt);
        } catch (IllegalArgumentException e) {
            log.warn("a stored password is unusable: {}", e.getMessage());
            return false;
        }
    }

    private static String proxyPath(ServerConfig config) {
        if (config.proxyURL().isEmpty()) {
            return null;
        }
        try {
            return URI.create(config.proxyURL()).getPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * What a token grants before the username is settled.
     *
     * @param username the name the token gives: null when it names nobody, {@code ""} for the empty user
     */
    private record TokenGrant(String username, List<String> permissions, JoinDecision.Method method, String issuer,
                              String invitation) {
        JoinDecision.Granted as(String name) {
            return new JoinDecision.Granted(name, permissions, method, issuer, invitation);
        }
    }
}
