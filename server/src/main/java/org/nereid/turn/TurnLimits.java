package org.nereid.turn;

/**
 * How much one client address, and everyone together, may take of the relay.
 * A participant behind a school's NAT shares its address with the whole class,
 * and Galène's client opens one peer connection per stream (each allocating on
 * every TURN URL), hence the generous per-address figures.
 *
 * @param perClientAddress live allocations one client IP address may hold
 * @param total            live allocations in all
 * @param allocationsPerSecond new allocations per client IP address per second, sustained
 * @param allocationBurst  new allocations one client IP address may make at once
 * @param tcpConnections   TCP connections to the TURN port at once
 */
public record TurnLimits(int perClientAddress, int total, int allocationsPerSecond, int allocationBurst,
        int tcpConnections) {

    public static TurnLimits defaults() {
        return new TurnLimits(256, 4096, 20, 200, 4096);
    }

    public TurnLimits {
        if (perClientAddress < 1 || total < 1 || allocationsPerSecond < 1 || allocationBurst < 1 || tcpConnections < 1) {
            throw new IllegalArgumentException("TURN limits must be positive");
        }
    }
}
