package org.nereid.invite;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.model.GroupDescription;
import org.nereid.model.Permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How an invitation's permissions are written for the user it creates. */
class RegistrationsTest {
    @Test
    void aSetThatGrantsExactlyTheInvitationsPermissionsIsWrittenByName() {
        GroupDescription plain = GroupDescription.EMPTY;
        assertEquals(Permissions.named("present"), Registrations.permissions(List.of("message", "present"), plain));
        assertEquals(Permissions.named("op"),
                Registrations.permissions(List.of("op", "present", "message", "caption", "token"), plain));
        assertEquals(Permissions.named("observe"), Registrations.permissions(List.of(), plain));
    }

    @Test
    void theGroupsSettingsDecideWhichSetMatches() {
        GroupDescription unrestricted = GroupDescription.builder().unrestrictedTokens(true).build();
        // in this group "present" also grants "token": an invitation without it stays a list
        assertEquals(Permissions.of(List.of("present", "message")),
                Registrations.permissions(List.of("present", "message"), unrestricted));
        assertEquals(Permissions.named("present"),
                Registrations.permissions(List.of("token", "present", "message"), unrestricted));
        GroupDescription recording = GroupDescription.builder().allowRecording(true).build();
        assertEquals(Permissions.of(List.of("op", "present", "message", "caption", "token")),
                Registrations.permissions(List.of("op", "present", "message", "caption", "token"), recording));
    }
}
