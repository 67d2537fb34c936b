package org.nereid.web.api;

import org.nereid.group.GroupDirectory;
import org.nereid.group.ServerConfigFile;
import org.nereid.web.RecordingsAccess;
import org.nereid.web.Request;

/**
 * Who may use {@code /recordings/GROUP/}: as in Galène, a user of the group
 * whose permissions include "record" (HTTP Basic); and, as for the admin API
 * ({@link AdminAuth}), the administrators.
 */
public final class RecordingsAuth implements RecordingsAccess {

    /** Whether a group user's name and password grant the record permission in that group. */
    @FunctionalInterface
    public interface RecordPermission {
        RecordPermission NONE = (group, username, password) -> false;

        boolean mayRecord(String group, String username, String password);
    }

    private final AdminAuth admins;
    private final RecordPermission record;

    public RecordingsAuth(ServerConfigFile config, GroupDirectory groups, AdminTokens tokens, RecordPermission record) {
        this.admins = new AdminAuth(config, groups, tokens);
        this.record = record;
    }

    @Override
    public Decision decide(String group, Request request) {
        AdminAuth.Credentials c = AdminAuth.credentials(request);
        if (c.username() == null && c.bearer() == null) {
            return Decision.NO_CREDENTIALS;
        }
        if (admins.waitMillis(request, c) > 0) {
            return Decision.REFUSED; // guessing backoff: not even checked
        }
        // a recording user first, so that an honest one is never counted as a failed administrator
        if (c.username() != null && record.mayRecord(group, c.username(), c.password())
                || admins.allowed(request, c, group, null)) {
            return Decision.ALLOWED;
        }
        return Decision.REFUSED;
    }
}
