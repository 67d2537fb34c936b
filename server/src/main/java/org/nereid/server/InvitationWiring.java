package org.nereid.server;

import java.util.Optional;
import org.nereid.auth.TokenActions;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileException;

/** Who may make registration invitations, read from the server's group files and config.json at each request. */
public final class InvitationWiring {
    private InvitationWiring() {
    }

    public static TokenActions.InvitePolicy policy(Nereid nereid) {
        return new TokenActions.InvitePolicy(
                group -> entry(nereid, group, false).map(e -> e.description().allowUserInvites()).orElse(false),
                group -> {
                    if (!nereid.config().current().writableGroups()) {
                        return "This server does not let group files be changed (writableGroups is off in"
                                + " config.json), so a registration invitation could not create an account;"
                                + " tell the administrator.";
                    }
                    return entry(nereid, group, true).isPresent() ? null
                            : "Registration invitations can only be made in a group that has its own file,"
                            + " not in an automatic subgroup.";
                });
    }

    private static Optional<GroupEntry> entry(Nereid nereid, String group, boolean ownFile) {
        try {
            return ownFile ? nereid.groups().findFile(group) : nereid.groups().find(group);
        } catch (GroupFileException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
