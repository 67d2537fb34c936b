package org.nereid.web.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nereid.audit.AuditQuery;
import org.nereid.group.GroupDirectory;
import org.nereid.group.ServerConfigFile;
import org.nereid.web.Request;
import org.nereid.web.Route;

/**
 * Nereid's extension of the admin API: {@code GET /galene-api/v0/.audit}, the audit trail
 * newest first, filtered and paged by {@link AuditQuery}'s parameters; for the server's
 * administrators only. Every other path goes on to the admin API.
 */
public final class AuditResource extends AdminReadResource {
    static final List<String> PATH = List.of("galene-api", "v0", ".audit");

    private final Supplier<List<Path>> files;

    public AuditResource(Route api, GroupDirectory groups, ServerConfigFile config, AdminTokens tokens,
                         Supplier<List<Path>> files) {
        super(PATH, api, groups, config, tokens);
        this.files = files;
    }

    @Override
    Object read(Request request) throws Exception {
        try {
            return AuditQuery.of(parameters(request)).read(files.get());
        } catch (AuditQuery.BadQueryException e) {
            throw new BadQueryException(e.getMessage());
        }
    }

    private static Map<String, String> parameters(Request request) throws BadQueryException {
        Map<String, String> single = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> p : new QueryStringDecoder("?" + request.path().query()).parameters()
                .entrySet()) {
            if (p.getValue().size() != 1) {
                throw new BadQueryException("Give each parameter once.");
            }
            single.put(p.getKey(), p.getValue().get(0));
        }
        return single;
    }
}
