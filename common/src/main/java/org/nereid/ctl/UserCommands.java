package org.nereid.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nereid.admin.AdminClient;
import org.nereid.admin.UserRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** list-users, create-user, update-user, delete-user. */
final class UserCommands {
    private UserCommands() {
    }

    /** -group, -user, -wildcard: which user a command is about. */
    static final class Who {
        @Mixin
        GroupOption group;
        @Option(names = {"-user", "--user"}, paramLabel = "name", description = "user name")
        String user;
        @Option(names = {"-wildcard", "--wildcard"}, description = "the wildcard user")
        boolean wildcard;

        UserRef user(CommandSpec spec) {
            return Nereidctl.user(spec, user, wildcard);
        }
    }

    @Command(name = "list-users", description = "list users")
    static final class ListUsers extends CtlCommand {
        @Mixin
        GroupOption group;
        @Option(names = {"-l", "--l"}, description = "display permissions")
        boolean longFormat;
        @Parameters(paramLabel = "pattern", description = "only users matching one of these shell patterns")
        List<String> patterns = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            String g = group.required(spec);
            AdminClient client = ctl.client();
            PrintWriter out = out();
            List<Glob> globs = patterns.stream().map(Glob::compile).toList();
            for (String user : client.listUsers(g).stream().sorted().toList()) {
                if (!globs.isEmpty() && globs.stream().noneMatch(p -> p.matches(user))) {
                    continue;
                }
                if (!longFormat) {
                    out.println(user);
                    continue;
                }
                try {
                    var permissions = client.getUser(g, UserRef.named(user)).value().permissions();
                    out.println(String.format("%-12s %s", user, PermissionText.format(permissions)));
                } catch (IOException e) {
                    out.println(String.format("%-12s (ERROR=%s)", user, e.getMessage()));
                }
            }
            return 0;
        }
    }

    @Command(name = "create-user", description = "create a user")
    static final class CreateUser extends CtlCommand {
        @Mixin
        Who who;
        @Option(names = {"-permissions", "--permissions"}, paramLabel = "permissions",
                description = "op, present, message, observe, caption, admin or a JSON array (default present)")
        String permissions;
        @Mixin
        TemplateOption jsonTemplate;

        @Override
        public Integer call() throws IOException {
            String g = who.group.required(spec);
            UserRef user = who.user(spec);
            Object perms = permissions == null ? null : PermissionText.parse(permissions, false);
            Map<String, Object> data = jsonTemplate.read(ctl);
            if (perms != null) {
                data.put("permissions", perms);
            } else {
                data.putIfAbsent("permissions", "present");
            }
            ctl.client().createUser(g, user, data);
            return 0;
        }
    }

    @Command(name = "update-user", description = "change a user's permissions",
            footer = "%nA JSON template (-json) is merged into the user; a field set to null is removed.")
    static final class UpdateUser extends CtlCommand {
        @Mixin
        Who who;
        @Option(names = {"-permissions", "--permissions"}, paramLabel = "permissions", description = "permissions")
        String permissions;
        @Mixin
        TemplateOption jsonTemplate;

        @Override
        public Integer call() throws IOException {
            String g = who.group.required(spec);
            UserRef user = who.user(spec);
            Object perms = permissions == null ? null : PermissionText.parse(permissions, false);
            Map<String, Object> template = jsonTemplate.read(ctl);
            AdminClient client = ctl.client();
            GuardedUpdate.apply("the user", () -> client.getUserFields(g, user), old -> {
                Map<String, Object> merged = Templates.merge(old, template);
                if (perms != null) {
                    merged.put("permissions", perms);
                }
                return merged;
            }, (fields, etag) -> client.updateUser(g, user, fields, etag));
            return 0;
        }
    }

    @Command(name = "delete-user", description = "delete a user")
    static final class DeleteUser extends CtlCommand {
        @Mixin
        Who who;

        @Override
        public Integer call() throws IOException {
            String g = who.group.required(spec);
            ctl.client().deleteUser(g, who.user(spec));
            return 0;
        }
    }
}
