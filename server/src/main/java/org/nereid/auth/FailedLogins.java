package org.nereid.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backoff against password guessing, counted three ways: per address and user name (one
 * guesser at one name), per user name (guessers spread over many addresses) and per address
 * (one guesser trying many names). Past a tier's free failures each one closes the door for
 * twice as long (from half a second up to {@value #MAX_MILLIS} ms). While the door is closed,
 * attempts are refused without looking at the password, so parallel connections gain nothing.
 *
 * <p>The address alone gets {@value #FREE_PER_ADDRESS} free failures, not {@value #FREE}:
 * a school's class, or a company, shares one address behind a NAT, and one pupil mistyping
 * a password must not lock out the others. A success clears its address, its user and
 * their pair; quiet keys are forgotten. The table is bounded (oldest first out), so a flood
 * of names costs no memory. Thread-safe.
 */
public final class FailedLogins {
    static final int FREE = 5;
    static final int FREE_PER_ADDRESS = 50;
    static final long BASE_MILLIS = 500;
    static final long MAX_MILLIS = 30_000;
    private static final long FORGET_NANOS = 15 * 60 * 1_000_000_000L;
    private static final int MAX_KEYS = 10_000;

    private record Entry(int failures, long lastNanos, long closedUntilNanos) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** Milliseconds before an attempt from this address for this user is checked again; 0: now. */
    public synchronized long waitMillis(String address, String user) {
        long now = System.nanoTime();
        return Math.max(wait(pairKey(address, user), now),
                Math.max(wait(userKey(user), now), wait(addressKey(address), now)));
    }

    public synchronized void failed(String address, String user) {
        long now = System.nanoTime();
        fail(pairKey(address, user), FREE, now);
        fail(userKey(user), FREE, now);
        fail(addressKey(address), FREE_PER_ADDRESS, now);
    }

    public synchronized void succeeded(String address, String user) {
        entries.remove(pairKey(address, user));
        entries.remove(userKey(user));
        entries.remove(addressKey(address));
    }

    private long wait(String key, long now) {
        Entry e = key == null ? null : entries.get(key);
        return e == null ? 0 : Math.max(0, (e.closedUntilNanos() - now + 999_999) / 1_000_000);
    }

    private void fail(String key, int free, long now) {
        if (key == null) {
            return;
        }
        Entry e = entries.get(key);
        int failures = e == null || now - e.lastNanos() > FORGET_NANOS ? 1 : e.failures() + 1;
        long closed = failures <= free ? 0
                : Math.min(MAX_MILLIS, BASE_MILLIS << Math.min(20, failures - free - 1)) * 1_000_000L;
        entries.put(key, new Entry(failures, now, now + closed));
    }

    private static String pairKey(String address, String user) {
        // a NUL cannot occur in an address, so no two pairs share a key
        return address == null || user == null ? null : "p " + address + "\0" + user;
    }

    private static String addressKey(String address) {
        return address == null ? null : "a " + address;
    }

    private static String userKey(String user) {
        return user == null ? null : "u " + user;
    }
}
