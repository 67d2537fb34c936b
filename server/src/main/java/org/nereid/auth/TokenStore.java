package org.nereid.auth;

import org.nereid.cluster.SharedFiles;
import org.nereid.model.StatefulToken;
import org.nereid.model.TokenState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The stateful tokens of {@code data/var/tokens.jsonl}, shared with Galène's format.
 *
 * <p>Every call first compares the file's modification time, size and identity with
 * those it last read, and rereads on any change, so a hand edit counts at once.
 * Every change rereads, applies itself and rewrites the file atomically, all under
 * one lock, so concurrent mints never lose one another. Tokens expired for more than
 * {@link #PURGE_AFTER} are dropped whenever the file is rewritten and by
 * {@link #purgeExpired()}.
 *
 * <p>Thread-safe. Methods throw {@link IOException} when the file cannot be read or written;
 * the store then keeps its last good view.
 */
public final class TokenStore {
    private static final Logger log = LoggerFactory.getLogger(TokenStore.class);
    /** How long an expired token is kept (so it can still be extended) before it is deleted. */
    public static final Duration PURGE_AFTER = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token someone tried to create exists already, or a precondition (ETag) failed. */
    public static final class ConflictException extends Exception {
        public ConflictException(String message) {
            super(message);
        }
    }

    /**
     * All tokens by id, in file order, with the ETag of the file they were read from, taken
     * together: what the admin API answers a GET with, and the ETag to check a later write against.
     */
    public record Snapshot(Map<String, StatefulToken> tokens, String etag) {
        public Snapshot {
            tokens = Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
        }
    }

    private final TokenFile file;
    private final Clock clock;
    private final Object lock = new Object();
    /** The stamp of the file as last read or written; null before the first read. */
    private TokenFile.Stamp stamp = null;
    private Map<String, StatefulToken> tokens = Map.of();
    private List<TokenFile.Rejected> rejected = List.of();
    private volatile SharedFiles sharedFiles = SharedFiles.LOCAL;

    public TokenStore(Path file, Clock clock) {
        this.file = new TokenFile(file);
        this.clock = clock;
    }

    /** The store of a data directory: {@code DATA/var/tokens.jsonl}. */
    public static TokenStore inDataDirectory(Path dataDirectory, Clock clock) {
        return new TokenStore(dataDirectory.resolve("var").resolve("tokens.jsonl"), clock);
    }

    public Path path() {
        return file.path();
    }

    /** Makes every change of the file (token uses included) reach the other nodes of a cluster (docs/cluster.md). */
    public void shareWith(SharedFiles shared) {
        this.sharedFiles = java.util.Objects.requireNonNull(shared);
    }

    /** How changes of the files beside this one reach a cluster's other nodes (the rejoin key's). */
    SharedFiles sharedFiles() {
        return sharedFiles;
    }

    /**
     * A fresh token id: 16 random bytes in unpadded base64url (Galène uses 8; the id is
     * opaque to every reader, so the longer one is compatible and harder to guess).
     */
    public static String newTokenId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public Optional<StatefulToken> get(String id) throws IOException {
        synchronized (lock) {
            refresh();
            return Optional.ofNullable(tokens.get(id));
        }
    }

    /** All tokens, soonest expiry first (tokens without expiry first), as Galène lists them. */
    public List<StatefulToken> listAll() throws IOException {
        synchronized (lock) {
            refresh();
            return sorted(tokens.values().stream().toList());
        }
    }

    /**
     * The tokens attached to {@code group}; with {@code includeSubgroups} also those attached
     * to groups below it ({@code ""} with it: every token).
     */
    public List<StatefulToken> list(String group, boolean includeSubgroups) throws IOException {
        synchronized (lock) {
            refresh();
            return sorted(tokens.values().stream()
                    .filter(t -> t.group().equals(group) || includeSubgroups && isBelow(t.group(), group))
                    .toList());
        }
    }

    public Snapshot snapshot() throws IOException {
        synchronized (lock) {
            refresh();
            return new Snapshot(tokens, stamp.etag());
        }
    }

    /** The version of the file (Galène's form: size and modification time), "" when there is none. */
    public String etag() throws IOException {
        synchronized (lock) {
            refresh();
            return stamp.etag();
        }
    }

    /** Adds a token whose id is new. */
    public StatefulToken add(StatefulToken token) throws IOException, ConflictException {
        requireId(token);
        return change(() -> {
            refresh();
            if (tokens.containsKey(token.token())) {
                throw new ConflictException("a token with this id exists already");
            }
            Map<String, StatefulToken> next = new LinkedHashMap<>(tokens);
            next.put(token.token(), token);
            save(next);
            log.info("token {} created for group '{}'{}", shortId(token), token.group(),
                    token.issuedBy() == null ? "" : " by " + token.issuedBy());
            return token;
        });
    }

    /**
     * Creates or replaces a token, as the admin API's PUT does. With a non-null
     * {@code ifMatch}, the file must still be at that ETag.
     */
    public StatefulToken put(StatefulToken token, String ifMatch) throws IOException, ConflictException {
        requireId(token);
        return change(() -> {
            refresh();
            checkEtag(ifMatch);
            Map<String, StatefulToken> next = new LinkedHashMap<>(tokens);
            next.put(token.token(), token);
            save(next);
            return token;
        });
    }

    /** Applies {@code change} to the token with this id; empty if there is none. */
    public Optional<StatefulToken> edit(String id, UnaryOperator<StatefulToken> change) throws IOException {
        return change(() -> {
            refresh();
            StatefulToken old = tokens.get(id);
            if (old == null) {
                return Optional.empty();
            }
            StatefulToken changed = change.apply(old);
            if (!changed.token().equals(id)) {
                throw new IllegalArgumentException("an edit cannot change a token's id");
            }
            Map<String, StatefulToken> next = new LinkedHashMap<>(tokens);
            next.put(id, changed);
            save(next);
            return Optional.of(changed);
        });
    }

    /** Sets the expiry; works on a revoked or expired token too (Galène's /reinvite), and lifts the revocation. */
    public Optional<StatefulToken> extend(String id, Instant expires) throws IOException {
        return edit(id, t -> t.withExpires(OffsetDateTime.ofInstant(expires, ZoneOffset.UTC)).withRevoked(false));
    }

    /**
     * Revokes a token by setting its expiry to now, as Galène does, and marking it
     * {@code "revoked"} so the invitation page can tell it from an expired one; it is deleted a week later.
     */
    public Optional<StatefulToken> revoke(String id) throws IOException {
        return edit(id, t -> t.withExpires(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).withRevoked(true));
    }

    /**
     * The outcome of {@link #claimUse}: the token's state when asked, and the token as now stored
     * (with the use counted when the state is {@link TokenState#VALID}); empty when there is no such token.
     */
    public record Claim(TokenState state, StatefulToken token) {
        public boolean claimed() {
            return state == TokenState.VALID;
        }
    }

    /**
     * Counts one use of a token if it can be used now, atomically: of two callers racing for its
     * last use exactly one gets {@link TokenState#VALID}, the other {@link TokenState#USED_UP}.
     * Nothing is written unless the use is counted.
     */
    public Optional<Claim> claimUse(String id, Instant now) throws IOException {
        return change(() -> {
            refresh();
            StatefulToken t = tokens.get(id);
            if (t == null) {
                return Optional.empty();
            }
            TokenState state = t.stateAt(now);
            if (state != TokenState.VALID) {
                return Optional.of(new Claim(state, t));
            }
            StatefulToken used = t.withUses(t.uses() + 1);
            Map<String, StatefulToken> next = new LinkedHashMap<>(tokens);
            next.put(id, used);
            save(next);
            return Optional.of(new Claim(state, used));
        });
    }

    /**
     * Gives back a use counted by {@link #claimUse} when what it was for failed after all (the
     * group refused the client, the group file could not be written). Never goes below 0.
     */
    public void returnUse(String id) throws IOException {
        edit(id, t -> t.withUses(Math.max(0, t.uses() - 1)));
    }

    /** Deletes a token; false if there was none. With a non-null {@code ifMatch}, the file must be at that ETag. */
    public boolean delete(String id, String ifMatch) throws IOException, ConflictException {
        return change(() -> {
            refresh();
            if (!tokens.containsKey(id)) {
                return false;
            }
            checkEtag(ifMatch);
            Map<String, StatefulToken> next = new LinkedHashMap<>(tokens);
            next.remove(id);
            save(next);
            return true;
        });
    }

    /** Deletes tokens expired more than {@link #PURGE_AFTER} ago; returns how many. Call it periodically. */
    public int purgeExpired() throws IOException {
        return change(() -> {
            refresh();
            Map<String, StatefulToken> next = new LinkedHashMap<>(tokens);
            if (!removeLongExpired(next)) {
                return 0;
            }
            int removed = tokens.size() - next.size();
            write(next);
            return removed;
        });
    }

    /** A change of the file: under this store's lock and, in a cluster, the file's cluster-wide one. */
    private <T, E extends Exception> T change(SharedFiles.Change<T, E> body) throws E, IOException {
        synchronized (lock) {
            return sharedFiles.change(file.path(), body);
        }
    }

    // --- called with the lock held

    private void refresh() throws IOException {
        TokenFile.Stamp now = file.stamp();
        if (now.equals(stamp)) {
            return;
        }
        TokenFile.Content content = file.read();
        tokens = content.tokens();
        rejected = content.rejected();
        // the stamp taken before reading: a write racing with the read changes it, so it is reread
        stamp = now;
        log.debug("read {} token(s) from {}", tokens.size(), file);
    }

    private void save(Map<String, StatefulToken> next) throws IOException {
        removeLongExpired(next);
        write(next);
    }

    private void write(Map<String, StatefulToken> next) throws IOException {
        TokenFile.Stamp written = file.write(next.values(), rejected);
        tokens = new LinkedHashMap<>(next);
        rejected = List.of();
        stamp = written;
    }

    private boolean removeLongExpired(Map<String, StatefulToken> next) {
        Instant cutoff = clock.instant().minus(PURGE_AFTER);
        return next.values().removeIf(t -> {
            boolean old = t.expires() != null && t.expires().toInstant().isBefore(cutoff);
            if (old) {
                log.info("token {} of group '{}' expired more than a week ago, deleted", shortId(t), t.group());
            }
            return old;
        });
    }

    private void checkEtag(String ifMatch) throws ConflictException {
        if (ifMatch != null && !ifMatch.equals(stamp.etag())) {
            throw new ConflictException("the tokens changed since they were read (ETag mismatch)");
        }
    }

    private static void requireId(StatefulToken token) {
        if (token.token().isEmpty()) {
            throw new IllegalArgumentException("a stored token needs an id; make one with newTokenId()");
        }
    }

    private static boolean isBelow(String group, String ancestor) {
        return ancestor.isEmpty() ? !group.isEmpty() : group.startsWith(ancestor + "/");
    }

    private static List<StatefulToken> sorted(List<StatefulToken> list) {
        List<StatefulToken> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparing(StatefulToken::expires,
                Comparator.nullsFirst(Comparator.comparing(OffsetDateTime::toInstant))));
        return copy;
    }

    /** Enough of a token's id to tell it apart in a log, never the whole secret. */
    static String shortId(StatefulToken t) {
        return t.token().substring(0, Math.min(4, t.token().length())) + "…";
    }
}
