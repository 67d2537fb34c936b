package org.nereid.server;

import java.time.Clock;
import org.nereid.auth.Authoriser;
import org.nereid.auth.Credentials;
import org.nereid.auth.TokenStore;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileException;
import org.nereid.model.GroupDescription;
import org.nereid.web.api.AdminApi;
import org.nereid.web.api.AdminTokens;
import org.nereid.web.api.TokenResources;

/** The admin API as the server wires it: bearer tokens decided by auth, the token store behind {@code .tokens}. */
public final class AdminWiring {
    private AdminWiring() {
    }

    public static AdminApi adminApi(Nereid nereid, TokenStore tokens, Authoriser authoriser, Clock clock) {
        return new AdminApi(nereid.groups(), nereid.config(), null, bearerAdmins(nereid, authoriser),
                new TokenResources(tokens, nereid.groups(), clock));
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
