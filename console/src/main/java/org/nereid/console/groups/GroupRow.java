package org.nereid.console.groups;

/** One line of the groups table: the live client count comes from the admin statistics. */
public record GroupRow(String name, int clients) {
}
