package org.nereid.ctl;

import java.io.IOException;
import org.nereid.json.Json;
import org.nereid.model.Password;
import org.nereid.password.Passwords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** hash-password, set-password and delete-password. */
final class PasswordCommands {
    private PasswordCommands() {
    }

    /** The options that say how to hash, shared by hash-password and set-password. */
    static final class HashOptions {
        @Option(names = {"-password", "--password"}, paramLabel = "password",
                description = "new password (asked for if not given)")
        String password;

        @Option(names = {"-type", "--type"}, paramLabel = "type", defaultValue = "bcrypt",
                description = "password type: bcrypt, pbkdf2 or wildcard (default bcrypt)")
        String type;

        @Option(names = {"-iterations", "--iterations"}, paramLabel = "number", defaultValue = "4096",
                description = "number of iterations (pbkdf2, default 4096)")
        int iterations;

        @Option(names = {"-cost", "--cost"}, paramLabel = "cost", defaultValue = "8",
                description = "cost (bcrypt, default 8)")
        int cost;

        @Option(names = {"-key", "--key"}, paramLabel = "length", defaultValue = "32",
                description = "key length (pbkdf2, default 32)")
        int keyLength;

        @Option(names = {"-salt", "--salt"}, paramLabel = "length", defaultValue = "8",
                description = "salt length (pbkdf2, default 8)")
        int saltLength;

        /** The stored form of the password, asking for it unless it was given or is a wildcard. */
        Password make(Nereidctl ctl) throws IOException {
            String pw = password;
            if (!type.equals(Password.WILDCARD) && pw == null) {
                pw = ctl.readPassword("New password: ");
            }
            return switch (type) {
                case Password.BCRYPT -> Passwords.bcrypt(pw, cost);
                case Password.PBKDF2 -> Passwords.pbkdf2(pw, iterations, keyLength, saltLength);
                case Password.WILDCARD -> {
                    if (pw != null && !pw.isEmpty()) {
                        throw new IllegalArgumentException("a wildcard password takes no -password");
                    }
                    yield Password.wildcard();
                }
                default -> throw new IllegalArgumentException("unknown password type \"" + type
                        + "\"; use bcrypt, pbkdf2 or wildcard");
            };
        }
    }

    @Command(name = "hash-password", description = "generate a hashed password")
    static final class HashPassword extends CtlCommand {
        @Mixin
        HashOptions hash;

        @Override
        public Integer call() throws IOException {
            out().println(Json.write(hash.make(ctl)));
            return 0;
        }
    }

    @Command(name = "set-password", description = "set a user's password")
    static final class SetPassword extends CtlCommand {
        @Mixin
        GroupOption group;
        @Option(names = {"-user", "--user"}, paramLabel = "name", description = "user name")
        String user;
        @Option(names = {"-wildcard", "--wildcard"}, description = "set the wildcard user's password")
        boolean wildcard;
        @Mixin
        HashOptions hash;

        @Override
        public Integer call() throws IOException {
            String g = group.required(spec);
            var who = Nereidctl.user(spec, user, wildcard);
            ctl.client().setPassword(g, who, hash.make(ctl));
            return 0;
        }
    }

    @Command(name = "delete-password", description = "delete a user's password")
    static final class DeletePassword extends CtlCommand {
        @Mixin
        GroupOption group;
        @Option(names = {"-user", "--user"}, paramLabel = "name", description = "user name")
        String user;
        @Option(names = {"-wildcard", "--wildcard"}, description = "delete the wildcard user's password")
        boolean wildcard;

        @Override
        public Integer call() throws IOException {
            String g = group.required(spec);
            ctl.client().deletePassword(g, Nereidctl.user(spec, user, wildcard));
            return 0;
        }
    }
}
