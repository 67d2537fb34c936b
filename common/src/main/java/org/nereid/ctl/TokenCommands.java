package org.nereid.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.nereid.admin.AdminClient;
import org.nereid.model.Rfc3339;
import org.nereid.model.StatefulToken;
import org.nereid.model.TokenKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** list-tokens, create-token, update-token, revoke-token, delete-token. The group "" is the root of all groups. */
final class TokenCommands {
    private static final DateTimeFormatter GO_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TokenCommands() {
    }

    /** -group for the token commands: required, but may be "", the root of all groups. */
    static final class TokenGroup {
        @Option(names = {"-group", "--group"}, paramLabel = "name", description = "group name ('' for all groups)")
        String group;

        String required(CommandSpec spec) {
            if (group == null) {
                throw new ParameterException(spec.commandLine(), "Option \"-group\" is required");
            }
            return group;
        }
    }

    /** -group and -token: which token a command is about. */
    static final class Which {
        @Mixin
        TokenGroup group;
        @Option(names = {"-token", "--token"}, paramLabel = "token", description = "the token")
        String token;

        String token(CommandSpec spec) {
            if (group.group == null || token == null || token.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Options \"-group\" and \"-token\" are required");
            }
            return token;
        }
    }

    static String expiry(OffsetDateTime expires, Instant now) {
        if (expires == null) {
            return "(no expiration date)";
        }
        return expires.toInstant().isBefore(now) ? "(expired)" : GO_DATE_TIME.format(expires);
    }

    /**
     * Nereid's columns after galenectl's: the kind and the uses (of the maximum, "-" for no
     * limit), e.g. {@code " register 1/3"}; nothing for a join token never used without a
     * limit, so Galène's tokens list exactly as galenectl lists them.
     */
    static String invitation(StatefulToken t) {
        if (t.kind() == TokenKind.JOIN && t.maxUses() == null && t.uses() == 0) {
            return "";
        }
        return String.format(" %-8s %d/%s", t.kind().jsonName(), t.uses(),
                t.maxUses() == null ? "-" : t.maxUses().toString());
    }

    /** Reads a token, changes it and writes it back if nobody changed it meanwhile. */
    private static void update(AdminClient client, String group, String token,
                               Consumer<Map<String, Object>> change) throws IOException {
        GuardedUpdate.apply("the token", () -> client.getTokenFields(group, token), old -> {
            Map<String, Object> fields = new LinkedHashMap<>(old);
            change.accept(fields);
            return fields;
        }, (fields, etag) -> client.updateToken(group, token, fields, etag));
    }

    @Command(name = "list-tokens", description = "list tokens")
    static final class ListTokens extends CtlCommand {
        @Mixin
        TokenGroup group;
        @Option(names = {"-l", "--l"}, description = "display token fields")
        boolean longFormat;

        @Override
        public Integer call() throws IOException {
            String g = group.required(spec);
            AdminClient client = ctl.client();
            PrintWriter out = out();
            Instant now = Instant.now();
            for (String t : client.listTokens(g).stream().sorted().toList()) {
                if (!longFormat) {
                    out.println(t);
                    continue;
                }
                try {
                    StatefulToken tok = client.getToken(g, t).value();
                    String perms = PermissionText.initials(tok.permissionList(), tok.includeSubgroups() ? "H" : "");
                    out.println(String.format("%-11s %-20s %-4s %-20s", t,
                            tok.username() == null ? "" : tok.username(), perms, expiry(tok.expires(), now))
                            + invitation(tok));
                } catch (IOException e) {
                    out.println(String.format("%-12s (ERROR=%s)", t, e.getMessage()));
                }
            }
            return 0;
        }
    }

    @Command(name = "create-token", description = "request a token")
    static final class CreateToken extends CtlCommand {
        @Mixin
        TokenGroup group;
        @Option(names = {"-include-subgroups", "--include-subgroups"}, arity = "0..1", fallbackValue = "true",
                paramLabel = "bool", description = "include subgroups")
        Boolean includeSubgroups;
        @Option(names = {"-user", "--user"}, paramLabel = "name", description = "encode user name in token")
        String user;
        @Option(names = {"-permissions", "--permissions"}, paramLabel = "permissions", defaultValue = "present",
                description = "permissions (default present)")
        String permissions;
        @Option(names = {"-duration", "--duration"}, paramLabel = "duration", defaultValue = "24h",
                description = "time during which the token will be valid, e.g. 2h30m (default 24h)")
        String duration;
        @Option(names = {"-register", "--register"}, description = "an invitation to create an account in the"
                + " group (Nereid only); the holder chooses a password (and a name unless -user gives one)")
        boolean register;
        @Option(names = {"-max-uses", "--max-uses"}, paramLabel = "n",
                description = "how many times it can be used (Nereid only; default unlimited)")
        Integer maxUses;

        @Override
        public Integer call() throws IOException {
            String g = group.required(spec);
            if (maxUses != null && maxUses < 1) {
                throw new ParameterException(spec.commandLine(), "Option \"-max-uses\" must be at least 1");
            }
            Duration validity = GoDuration.parse(duration);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("permissions", PermissionText.parse(permissions, true));
            t.put("expires", Rfc3339.format(OffsetDateTime.now().plus(validity)));
            if (user != null && !user.isEmpty()) {
                t.put("username", user);
            }
            if (includeSubgroups != null) {
                t.put("includeSubgroups", includeSubgroups);
            }
            if (register) {
                t.put(StatefulToken.KIND, TokenKind.REGISTER.jsonName());
            }
            if (maxUses != null) {
                t.put(StatefulToken.MAX_USES, maxUses);
            }
            out().println(ctl.client().createToken(g, t));
            return 0;
        }
    }

    @Command(name = "update-token", description = "change a token's permissions, etc.")
    static final class UpdateToken extends CtlCommand {
        @Mixin
        Which which;
        @Option(names = {"-permissions", "--permissions"}, paramLabel = "permissions",
                description = "new token permissions")
        String permissions;
        @Option(names = {"-duration", "--duration"}, paramLabel = "duration",
                description = "new validity, counted from now")
        String duration;

        @Override
        public Integer call() throws IOException {
            String token = which.token(spec);
            Object perms = permissions == null ? null : PermissionText.parse(permissions, true);
            Duration validity = duration == null ? null : GoDuration.parse(duration);
            update(ctl.client(), which.group.required(spec), token, fields -> {
                if (perms != null) {
                    fields.put("permissions", perms);
                }
                if (validity != null) {
                    fields.put("expires", Rfc3339.format(OffsetDateTime.now().plus(validity)));
                    fields.remove(StatefulToken.REVOKED); // a new validity lifts a revocation
                }
            });
            return 0;
        }
    }

    @Command(name = "revoke-token", description = "revoke a token")
    static final class RevokeToken extends CtlCommand {
        @Mixin
        Which which;

        @Override
        public Integer call() throws IOException {
            String token = which.token(spec);
            update(ctl.client(), which.group.required(spec), token, fields -> {
                fields.put("expires", Rfc3339.format(OffsetDateTime.now().minusMinutes(1)));
                fields.put(StatefulToken.REVOKED, true); // so the invitation page says "revoked", not "expired"
            });
            return 0;
        }
    }

    @Command(name = "delete-token", description = "delete a token")
    static final class DeleteToken extends CtlCommand {
        @Mixin
        Which which;

        @Override
        public Integer call() throws IOException {
            String token = which.token(spec);
            ctl.client().deleteToken(which.group.required(spec), token);
            return 0;
        }
    }
}
