package org.nereid.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backoff against password guessing, per address and per user name: the first
 * {@value #FREE} failures cost nothing, then each one closes the door for twice as long
 * (from half a second up to {@value #MAX_MILLIS} ms). While the door is closed, attempts
 * are refused without looking at the password, so parallel connections gain nothing. A
 * success from an address clears it and the user; quiet keys are forgotten. The table is
 * bounded (oldest first out), so a flood of names costs no memory. Thread-safe.
 */
public final class FailedLogins {
    static final int FREE = 5;
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
        return Math.max(wait(addressKey(address), now), wait(userKey(user), now));
    }

    public synchronized void failed(String address, String user) {
        long now = System.nanoTime();
        fail(addressKey(address), now);
        fail(userKey(user), now);
    }

    public synchronized void succeeded(String address, String user) {
        entries.remove(addressKey(address));
        entries.remove(userKey(user));
    }

    private long wait(String key, long now) {
        Entry e = key == null ? null : entries.get(key);
        return e == null ? 0 : Math.max(0, (e.closedUntilNanos() - now + 999_999) / 1_000_000);
    }

    private void fail(String key, long now) {
        if (key == null) {
            return;
        }
        Entry e = entries.get(key);
        int failures = e == null || now - e.lastNanos() > FORGET_NANOS ? 1 : e.failures() + 1;
        long closed = failures <= FREE ? 0
                : Math.min(MAX_MILLIS, BASE_MILLIS << Math.min(20, failures - FREE - 1)) * 1_000_000L;
        entries.put(key, new Entry(failures, now, now + closed));
    }

    private static String addressKey(String address) {
        return address == null ? null : "a " + address;
    }

    private static String userKey(String user) {
        return user == null ? null : "u " + user;
    }
}
