// When a lost connection is made again by itself, and how long to wait between
// tries. No DOM here: ReconnectPolicyTest runs these functions in node.

/** Close code 1012 (RFC 6455's "Service Restart"): the server sends everyone away to come back. */
export const SERVICE_RESTART = 1012;

/** Close codes that say the page itself is at fault: trying again would fail again. */
const PERMANENT = new Set([1002, 1003, 1007, 1009, 1010]);

/**
 * Whether a closed connection is made again without the user.
 * @param {{code: number, joined: boolean, reconnecting: boolean, left: boolean, kickedBy: ''|'server'|'operator'}} c
 *   joined: the connection had joined the group; reconnecting: it was itself a reconnection;
 *   left: the user left; kickedBy: who sent a `kicked` message before the close, if anyone
 */
export function shouldReconnect(c) {
    if (c.left || c.kickedBy === 'operator') return false;
    // a server that stops, drains or lost the group's host sends `kicked`, then closes with 1012
    if (c.code === SERVICE_RESTART) return true;
    if (c.kickedBy) return false;
    // a first connection that never joined: the address or the network is the user's to check
    if (!c.joined && !c.reconnecting) return false;
    return !PERMANENT.has(c.code);
}

/**
 * How long to wait before the given try (1, 2, …): about 1, 2, 4 and 8 s, then 10 to 15 s,
 * with jitter so that the members of a group whose server died do not all come back at once.
 * @param {number} attempt
 * @param {() => number} [random] - in [0, 1)
 * @returns {number} milliseconds
 */
export function reconnectDelay(attempt, random = Math.random) {
    if (attempt <= 4) return Math.round(1000 * 2 ** (Math.max(attempt, 1) - 1) * (0.8 + 0.4 * random()));
    return Math.round(10000 + 5000 * random());
}
