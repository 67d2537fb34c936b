package org.nereid.group;

import java.util.Optional;

/** Where the run-time registry reads a group's rules: the group files, by exact name. */
@FunctionalInterface
public interface GroupRulesSource {
    /** The rules of the group whose file is exactly {@code name}, or empty when there is none. */
    Optional<GroupRules> rules(String name);
}
