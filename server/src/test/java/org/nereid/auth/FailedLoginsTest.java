package org.nereid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The guessing backoff closes on a guesser without locking out the others behind its address. */
class FailedLoginsTest {
    private static final String SCHOOL = "203.0.113.7";

    private static void fail(FailedLogins logins, String address, String user, int times) {
        for (int i = 0; i < times; i++) {
            logins.failed(address, user);
        }
    }

    @Test
    void aGuesserAtOneNameIsSlowedAfterTheFreeFailures() {
        FailedLogins logins = new FailedLogins();
        fail(logins, SCHOOL, "teacher", FailedLogins.FREE);
        assertEquals(0, logins.waitMillis(SCHOOL, "teacher"), "the free failures cost nothing");
        logins.failed(SCHOOL, "teacher");
        long first = logins.waitMillis(SCHOOL, "teacher");
        assertTrue(first > 0 && first <= FailedLogins.BASE_MILLIS, "first wait " + first);
        logins.failed(SCHOOL, "teacher");
        assertTrue(logins.waitMillis(SCHOOL, "teacher") > FailedLogins.BASE_MILLIS, "each failure doubles the wait");
        fail(logins, SCHOOL, "teacher", 40);
        assertTrue(logins.waitMillis(SCHOOL, "teacher") <= FailedLogins.MAX_MILLIS, "the wait is capped");
        assertTrue(logins.waitMillis("198.51.100.1", "teacher") > 0, "the name is slowed from any address");
    }

    @Test
    void classmatesBehindTheSameAddressAreNotLockedOutByOneMistypist() {
        FailedLogins logins = new FailedLogins();
        fail(logins, SCHOOL, "tom", 12);
        assertTrue(logins.waitMillis(SCHOOL, "tom") > 0);
        for (int pupil = 0; pupil < 30; pupil++) {
            assertEquals(0, logins.waitMillis(SCHOOL, "pupil" + pupil), "pupil " + pupil + " was locked out");
            logins.failed(SCHOOL, "pupil" + pupil); // one typo each
        }
        assertEquals(0, logins.waitMillis(SCHOOL, "latecomer"));
    }

    @Test
    void anAddressTryingManyNamesIsSlowedPastItsLargerAllowance() {
        FailedLogins logins = new FailedLogins();
        for (int i = 0; i < FailedLogins.FREE_PER_ADDRESS; i++) {
            logins.failed(SCHOOL, "name" + i);
        }
        assertEquals(0, logins.waitMillis(SCHOOL, "another"), "within the address's allowance");
        logins.failed(SCHOOL, "one-more");
        assertTrue(logins.waitMillis(SCHOOL, "another") > 0, "a name sprayer is slowed");
        assertEquals(0, logins.waitMillis("198.51.100.1", "another"), "other addresses are not");
    }

    @Test
    void aSuccessReopensItsAddressAndName() {
        FailedLogins logins = new FailedLogins();
        fail(logins, SCHOOL, "teacher", 8);
        assertTrue(logins.waitMillis(SCHOOL, "teacher") > 0);
        logins.succeeded(SCHOOL, "teacher");
        assertEquals(0, logins.waitMillis(SCHOOL, "teacher"));
        assertEquals(0, logins.waitMillis("198.51.100.1", "teacher"));
    }
}
