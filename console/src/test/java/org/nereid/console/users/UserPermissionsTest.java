package org.nereid.console.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UserPermissionsTest {
    @Test
    void namedSetsStayNamesAndListsStayLists() {
        assertEquals("\"op\"", UserPermissions.parse(" OP ").toString());
        assertEquals("[\"present\",\"record\"]", UserPermissions.parse("present, record").toString());
        assertEquals("[\"present\"]", UserPermissions.parse("[present]").toString());
        assertEquals("[present, record]", UserPermissions.text(UserPermissions.parse("present record")));
        assertEquals("observe", UserPermissions.text(UserPermissions.parse("observe")));
    }

    @Test
    void unknownPermissionIsRefusedWithHelp() {
        var e = assertThrows(IllegalArgumentException.class, () -> UserPermissions.parse("present, fly"));
        assertEquals(true, e.getMessage().contains("\"fly\" is not a permission"));
        assertThrows(IllegalArgumentException.class, () -> UserPermissions.parse(""));
    }
}
