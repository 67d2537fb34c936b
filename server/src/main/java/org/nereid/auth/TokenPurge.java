package org.nereid.auth;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link TokenStore#purgeExpired()} at start and then periodically, since nothing else
 * rewrites {@code tokens.jsonl} while no token changes. One daemon thread; {@link #close()}
 * (idempotent) stops it. A failed purge is logged and tried again at the next turn.
 */
public final class TokenPurge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TokenPurge.class);
    /** Tokens are kept a week after expiry, so hourly is plenty. */
    public static final Duration INTERVAL = Duration.ofHours(1);

    private final TokenStore store;
    private final ScheduledExecutorService timer;
    private final AtomicInteger runs = new AtomicInteger();

    private TokenPurge(TokenStore store, Duration interval) {
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nereid-token-purge");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::purge, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Purges now and then every {@link #INTERVAL}. */
    public static TokenPurge start(TokenStore store) {
        return start(store, INTERVAL);
    }

    public static TokenPurge start(TokenStore store, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the purge interval must be positive");
        }
        return new TokenPurge(store, interval);
    }

    /** How many purges have finished (successfully or not): lets a test see that it runs. */
    public int runs() {
        return runs.get();
    }

    private void purge() {
        try {
            int removed = store.purgeExpired();
            if (removed > 0) {
                log.info("purged {} token(s) expired more than {} days ago from {}", removed,
                        TokenStore.PURGE_AFTER.toDays(), store.path());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot purge expired tokens from {}: {}; will try again in {}", store.path(), e.getMessage(),
                    INTERVAL);
        } finally {
            runs.incrementAndGet();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
