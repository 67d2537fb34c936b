package org.nereid.signal;

import java.time.Duration;

/**
 * Per-client limits that keep one client from hurting the others.
 *
 * @param maxMessageBytes largest message accepted (Galène: 1 MB)
 * @param burst           messages a client may send at once before the rate applies
 * @param perSecond       sustained messages per second
 * @param outboxCapacity  messages waiting for a slow client before it is dropped
 * @param outboxChars     characters waiting for a slow client before it is dropped (one message
 *                        always fits): a reader that stops while others send it megabyte chats
 *                        must not pin the heap
 * @param pingAfter       silence after which the server pings the client
 * @param deadAfter       silence after which the client is dropped
 */
public record SignalLimits(int maxMessageBytes, int burst, int perSecond, int outboxCapacity, long outboxChars,
                           Duration pingAfter, Duration deadAfter) {

    public static SignalLimits defaults() {
        return new SignalLimits(1024 * 1024, 200, 50, 4096, 8L << 20, Duration.ofSeconds(20), Duration.ofSeconds(45));
    }

    public SignalLimits withMaxMessageBytes(int n) {
        return new SignalLimits(n, burst, perSecond, outboxCapacity, outboxChars, pingAfter, deadAfter);
    }

    public SignalLimits withRate(int newBurst, int newPerSecond) {
        return new SignalLimits(maxMessageBytes, newBurst, newPerSecond, outboxCapacity, outboxChars, pingAfter, deadAfter);
    }

    public SignalLimits withLiveness(Duration newPingAfter, Duration newDeadAfter) {
        return new SignalLimits(maxMessageBytes, burst, perSecond, outboxCapacity, outboxChars, newPingAfter, newDeadAfter);
    }

    public SignalLimits withOutboxCapacity(int n) {
        return new SignalLimits(maxMessageBytes, burst, perSecond, n, outboxChars, pingAfter, deadAfter);
    }

    public SignalLimits withOutboxChars(long n) {
        return new SignalLimits(maxMessageBytes, burst, perSecond, outboxCapacity, n, pingAfter, deadAfter);
    }
}
