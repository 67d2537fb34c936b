package org.nereid.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nereid.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** list-groups, show-group, create-group, update-group, delete-group. */
final class GroupCommands {
    private static final List<String> SECRETS = List.of("users", "wildcard-user", "authKeys");

    private GroupCommands() {
    }

    /** Prints the names matching any of the patterns (all names if there are none), sorted. */
    static void printMatching(PrintWriter out, List<String> names, List<String> patterns) {
        List<Glob> globs = patterns.stream().map(Glob::compile).toList();
        names.stream().sorted()
                .filter(n -> globs.isEmpty() || globs.stream().anyMatch(g -> g.matches(n)))
                .forEach(out::println);
    }

    /** The flags that set group fields, shared by create-group and update-group. */
    static final class GroupFlags {
        @Option(names = {"-unrestricted-tokens", "--unrestricted-tokens"}, arity = "0..1", fallbackValue = "true",
                paramLabel = "bool", description = "allow ordinary users to create tokens")
        Boolean unrestrictedTokens;

        @Option(names = {"-auto-subgroups", "--auto-subgroups"}, arity = "0..1", fallbackValue = "true",
                paramLabel = "bool", description = "create subgroups automatically")
        Boolean autoSubgroups;

        @Option(names = {"-allow-user-invites", "--allow-user-invites"}, arity = "0..1", fallbackValue = "true",
                paramLabel = "bool", description = "let members invite new users to register (Nereid only;"
                + " Galène refuses a group file with this field)")
        Boolean allowUserInvites;

        @Mixin
        TemplateOption jsonTemplate;

        /** The template, then the flags over it. */
        Map<String, Object> apply(Map<String, Object> fields) {
            if (unrestrictedTokens != null) {
                fields.put("unrestricted-tokens", unrestrictedTokens);
            }
            if (autoSubgroups != null) {
                fields.put("auto-subgroups", autoSubgroups);
            }
            if (Boolean.TRUE.equals(allowUserInvites)) {
                fields.put("allow-user-invites", true);
            } else if (allowUserInvites != null) {
                fields.remove("allow-user-invites"); // rather than false, so the file stays readable by Galène
            }
            return fields;
        }
    }

    private static Map<String, Object> template(Nereidctl ctl, GroupFlags flags) throws IOException {
        Map<String, Object> template = flags.jsonTemplate.read(ctl);
        for (String secret : SECRETS) {
            if (template.get(secret) != null) {
                throw new IllegalArgumentException("a group template must not contain \"" + secret
                        + "\"; use create-user, set-password or the keys API instead");
            }
        }
        return template;
    }

    @Command(name = "list-groups", description = "list groups")
    static final class ListGroups extends CtlCommand {
        @Parameters(paramLabel = "pattern", description = "only groups matching one of these shell patterns")
        List<String> patterns = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            printMatching(out(), ctl.client().listGroups(), patterns);
            return 0;
        }
    }

    @Command(name = "show-group", description = "show group definition")
    static final class ShowGroup extends CtlCommand {
        @Mixin
        GroupOption group;

        @Override
        public Integer call() throws IOException {
            String g = group.required(spec);
            out().println(Json.writePretty(ctl.client().getGroupFields(g).value()));
            return 0;
        }
    }

    @Command(name = "create-group", description = "create a group")
    static final class CreateGroup extends CtlCommand {
        @Mixin
        GroupOption group;
        @Mixin
        GroupFlags flags;

        @Override
        public Integer call() throws IOException {
            String g = group.required(spec);
            Map<String, Object> fields = flags.apply(template(ctl, flags));
            fields.values().removeIf(v -> v == null);
            ctl.client().createGroup(g, fields);
            return 0;
        }
    }

    @Command(name = "update-group", description = "change a group's definition",
            footer = "%nA JSON template (-json) is merged into the definition; a field set to null is removed.")
    static final class UpdateGroup extends CtlCommand {
        @Mixin
        GroupOption group;
        @Mixin
        GroupFlags flags;

        @Override
        public Integer call() throws IOException {
            String g = group.required(spec);
            Map<String, Object> template = template(ctl, flags);
            var client = ctl.client();
            GuardedUpdate.apply("the group \"" + g + "\"", () -> client.getGroupFields(g),
                    old -> flags.apply(Templates.merge(old, template)),
                    (fields, etag) -> client.updateGroup(g, fields, etag));
            return 0;
        }
    }

    @Command(name = "delete-group", description = "delete a group")
    static final class DeleteGroup extends CtlCommand {
        @Mixin
        GroupOption group;

        @Override
        public Integer call() throws IOException {
            ctl.client().deleteGroup(group.required(spec));
            return 0;
        }
    }
}
