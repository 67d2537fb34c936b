package org.nereid.web.api;

import java.util.List;
import java.util.function.Supplier;
import org.nereid.group.GroupDirectory;
import org.nereid.group.ServerConfigFile;
import org.nereid.web.Request;
import org.nereid.web.Route;

/**
 * Nereid's extension of the admin API: {@code GET /galene-api/v0/.health}, the server's
 * health (version, flags, CPU, memory, threads, uptime, media ports, TURN) as
 * {@code stats.ServerHealth} writes it; for the server's administrators only. Every
 * other path goes on to the admin API.
 */
public final class HealthResource extends AdminReadResource {
    static final List<String> PATH = List.of("galene-api", "v0", ".health");

    private final Supplier<Object> health;

    public HealthResource(Route api, GroupDirectory groups, ServerConfigFile config, AdminTokens tokens,
                          Supplier<Object> health) {
        super(PATH, api, groups, config, tokens);
        this.health = health;
    }

    @Override
    Object read(Request request) {
        return health.get();
    }
}
