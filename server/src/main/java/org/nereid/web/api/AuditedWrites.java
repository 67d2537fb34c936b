package org.nereid.web.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.util.Locale;
import org.nereid.audit.AuditTrail;
import org.nereid.model.AuditEntry;
import org.nereid.web.Request;
import org.nereid.web.Route;

/**
 * Puts every write through a route in the audit trail, and every refused login: the
 * admin API ({@code group.put}, {@code password.post}, {@code tokens.delete}, … named by
 * the resource), /recordings/ ({@code recording.delete}, …) and invitations
 * ({@code invitation.post}: a registration). Reads are not recorded.
 */
public final class AuditedWrites implements Route {
    private final Route inner;
    private final AuditTrail trail;
    private final Clock clock;
    /** What the writes are to, or null for the admin API's resources (named by their path). */
    private final String family;

    private AuditedWrites(Route inner, AuditTrail trail, Clock clock, String family) {
        this.inner = inner;
        this.trail = trail;
        this.clock = clock;
        this.family = family;
    }

    /** The admin API's writes and refused logins. */
    public static Route adminApi(Route api, AuditTrail trail, Clock clock) {
        return new AuditedWrites(api, trail, clock, null);
    }

    /** Writes through another route, named {@code family.method} (e.g. {@code recording.delete}). */
    public static Route of(String family, Route route, AuditTrail trail, Clock clock) {
        return new AuditedWrites(route, trail, clock, family);
    }

    @Override
    public FullHttpResponse respond(Request request) throws Exception {
        FullHttpResponse response = inner.respond(request);
        HttpMethod method = request.method();
        int status = response.status().code();
        AdminAuth.Credentials c = AdminAuth.credentials(request);
        boolean presented = c.username() != null || c.bearer() != null;
        if (status == 401 && presented) {
            trail.record(entry(request, c, (family == null ? "admin" : family) + ".login", AuditEntry.REFUSED,
                    "wrong name, password or token"));
        } else if (!request.isGetOrHead() && !method.equals(HttpMethod.OPTIONS) && status != 401) {
            String outcome = status < 400 ? AuditEntry.OK : AuditEntry.REFUSED;
            trail.record(entry(request, c, resource(request) + "." + method.name().toLowerCase(Locale.ROOT), outcome,
                    status < 400 ? null : "HTTP " + status));
        }
        return response;
    }

    private String resource(Request request) {
        if (family != null) {
            return family;
        }
        ApiPath path = ApiPath.parse(request.path());
        return path == null ? "admin" : path.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private AuditEntry entry(Request request, AdminAuth.Credentials c, String action, String outcome, String reason) {
        AuditEntry.Actor actor = c.username() != null
                ? new AuditEntry.Actor("admin", c.username(), address(request))
                : new AuditEntry.Actor(c.bearer() != null ? "token" : "guest", null, address(request));
        ApiPath path = family == null ? ApiPath.parse(request.path()) : null;
        String group = path == null ? null : path.group();
        return AuditEntry.of(clock.instant(), actor, action, group, request.path().path(), outcome, reason);
    }

    static String address(Request request) {
        return request.remote() == null ? null : request.remote().getAddress().getHostAddress();
    }
}
