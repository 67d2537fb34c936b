package org.nereid.ctl;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** -group for the group, user and password commands, where it is required and may not be empty. */
final class GroupOption {
    @Option(names = {"-group", "--group"}, paramLabel = "name", description = "group name")
    String group;

    /** The group, or a usage error (exit 2) if none was given. */
    String required(CommandSpec spec) {
        if (group == null || group.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Option \"-group\" is required");
        }
        return group;
    }
}
