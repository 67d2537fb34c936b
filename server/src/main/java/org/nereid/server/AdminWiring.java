package org.nereid.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.nereid.auth.Authoriser;
import org.nereid.auth.Credentials;
import org.nereid.auth.JoinDecision;
import org.nereid.auth.TokenStore;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileException;
import org.nereid.json.Json;
import org.nereid.record.RecordingDirectory;
import org.nereid.model.GroupDescription;
import org.nereid.stats.PrometheusWriter;
import org.nereid.stats.StatsJson;
import org.nereid.stats.StatsSource;
import org.nereid.audit.AuditFile;
import org.nereid.web.Route;
import org.nereid.web.api.AdminApi;
import org.nereid.web.api.AuditResource;
import org.nereid.web.api.HealthResource;
import org.nereid.media.MediaConfig;
import org.nereid.media.Sfu;
import org.nereid.stats.ServerHealth;
import org.nereid.web.api.AuditedWrites;
import org.nereid.web.api.AdminTokens;
import org.nereid.web.RecordingsRoute;
import org.nereid.web.StaticRoute;
import org.nereid.web.api.MetricsRoute;
import org.nereid.web.api.RecordingsAuth;
import org.nereid.web.api.StatsPages;
import org.nereid.web.api.TokenResources;

/** The admin API as the server wires it: bearer tokens decided by auth, the token store behind {@code .tokens}. */
public final class AdminWiring {
    private AdminWiring() {
    }

    /** The admin API without live statistics: {@code .stats} answers []. */
    public static AdminApi adminApi(Nereid nereid, TokenStore tokens, Authoriser authoriser, Clock clock) {
        return adminApi(nereid, tokens, authoriser, clock, List::of);
    }

    /** The admin API with {@code .stats} read from {@code stats} on every request. */
    public static AdminApi adminApi(Nereid nereid, TokenStore tokens, Authoriser authoriser, Clock clock,
                                    StatsSource stats) {
        return new AdminApi(nereid.groups(), nereid.config(), () -> statsDocument(stats),
                bearerAdmins(nereid, authoriser), new TokenResources(tokens, nereid.groups(), clock),
                new RecordingDirectory(nereid.options().recordingsDir()));
    }

    /**
     * The admin API with the audit trail: its writes and refused logins recorded, and the
     * trail itself readable at {@code .audit}.
     */
    public static Route auditedAdminApi(Nereid nereid, TokenStore tokens, Authoriser authoriser, Clock clock,
                                        StatsSource stats, AuditFile audit) {
        Route api = new AuditResource(adminApi(nereid, tokens, authoriser, clock, stats), nereid.groups(),
                nereid.config(), bearerAdmins(nereid, authoriser), audit::files);
        return AuditedWrites.adminApi(api, audit, clock);
    }

    /** The same with the server's health readable at {@code .health}. */
    public static Route auditedAdminApi(Nereid nereid, TokenStore tokens, Authoriser authoriser, Clock clock,
                                        StatsSource stats, AuditFile audit, ServerHealth health) {
        return new HealthResource(auditedAdminApi(nereid, tokens, authoriser, clock, stats, audit), nereid.groups(),
                nereid.config(), bearerAdmins(nereid, authoriser), health::document);
    }

    /** Where media comes in, for the health document: the shared UDP port or the range, and ICE-TCP's port. */
    static Map<String, Object> mediaPorts(MediaConfig config, Sfu sfu) {
        String udp = sfu.udpPort() != 0 ? Integer.toString(sfu.udpPort())
                : config.udpPort() == config.udpPortMax() ? Integer.toString(config.udpPort())
                : config.udpPort() + "-" + config.udpPortMax();
        return Map.of("udp", udp, "iceTcp", sfu.iceTcpPort() == 0 ? "off" : sfu.iceTcpPort());
    }

    /** /recordings/ for the administrators and, as in Galène, the group's users with the record permission. */
    public static RecordingsRoute recordings(Nereid nereid, Authoriser authoriser) {
        return new RecordingsRoute(new RecordingDirectory(nereid.options().recordingsDir()),
                new RecordingsAuth(nereid.config(), nereid.groups(), bearerAdmins(nereid, authoriser),
                        (group, username, password) -> mayRecord(nereid, authoriser, group, username, password)));
    }

    /** Galène's check: the name and password would join the group with the record permission. */
    private static boolean mayRecord(Nereid nereid, Authoriser authoriser, String group, String username,
                                     String password) {
        GroupDescription description;
        try {
            description = nereid.groups().find(group).map(GroupEntry::description).orElse(null);
        } catch (GroupFileException e) {
            return false;
        }
        if (description == null) {
            return false;
        }
        JoinDecision d = authoriser.decideJoin(group, description, nereid.config().current(),
                new Credentials(username, password, null));
        return d instanceof JoinDecision.Granted g && g.permissions().contains("record");
    }

    /** Prometheus text at /metrics for the same administrators as the admin API. */
    public static MetricsRoute metrics(Nereid nereid, Authoriser authoriser, StatsSource stats) {
        return metrics(nereid, authoriser, () -> PrometheusWriter.write(stats.groups()));
    }

    /** /metrics serving {@code text} (the cluster adds every node's load to this node's families). */
    static MetricsRoute metrics(Nereid nereid, Authoriser authoriser, java.util.function.Supplier<String> text) {
        return new MetricsRoute(nereid.groups(), nereid.config(), bearerAdmins(nereid, authoriser), text);
    }

    /** /stats.json and the /stats.html page for the same administrators as the admin API. */
    public static StatsPages statsPages(Nereid nereid, Authoriser authoriser, StatsSource stats, StaticRoute files) {
        return new StatsPages(nereid.groups(), nereid.config(), bearerAdmins(nereid, authoriser),
                () -> StatsJson.write(stats.groups()), files);
    }

    private static JsonNode statsDocument(StatsSource stats) {
        try {
            return Json.mapper().readTree(StatsJson.write(stats.groups()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("StatsJson wrote invalid JSON", e);
        }
    }

    /** Bearer tokens for the admin API, decided by auth as for joining: "admin" where the request points. */
    static AdminTokens bearerAdmins(Nereid nereid, Authoriser authoriser) {
        return (token, group) -> {
            GroupDescription description = null;
            if (group != null) {
                try {
                    description = nereid.groups().findFile(group).map(GroupEntry::description).orElse(null);
                } catch (GroupFileException e) {
                    return false;
                }
            }
            return authoriser.isAdmin(group == null ? "" : group, description, nereid.config().current(),
                    Credentials.token(token));
        };
    }
}
