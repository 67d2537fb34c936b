package org.nereid.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.nereid.json.Json;
import org.nereid.model.AuditEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** audit: the server's audit trail, newest first (Nereid's extension; Galène has none). */
@Command(name = "audit", description = "show the audit trail: who did what, newest first (Nereid only)")
final class AuditCommand extends CtlCommand {
    @Option(names = {"-action", "--action"}, paramLabel = "action",
            description = "only this action (e.g. kick), or a family ending in . (e.g. token.)")
    String action;
    @Option(names = {"-actor", "--actor"}, paramLabel = "name", description = "only what this user or admin did")
    String actor;
    @Option(names = {"-group", "--group"}, paramLabel = "group", description = "only this group")
    String group;
    @Option(names = {"-since", "--since"}, paramLabel = "time", description = "not before this time (RFC 3339)")
    String since;
    @Option(names = {"-before", "--before"}, paramLabel = "time",
            description = "only older than this time (RFC 3339): the next page")
    String before;
    @Option(names = {"-limit", "--limit"}, paramLabel = "n", defaultValue = "50",
            description = "at most this many lines (1 to 1000; default ${DEFAULT-VALUE})")
    int limit;
    @Option(names = {"-json", "--json"}, description = "print the entries as JSON, one a line")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (limit < 1 || limit > 1000) {
            throw new ParameterException(spec.commandLine(), "-limit must be from 1 to 1000");
        }
        List<AuditEntry> entries = ctl.client().audit(action, actor, group, time("-since", since),
                time("-before", before), limit);
        PrintWriter out = out();
        for (AuditEntry e : entries) {
            out.println(json ? Json.write(e) : line(e));
        }
        return 0;
    }

    /** One entry as a line: time, outcome, actor, action, group, target, reason. */
    static String line(AuditEntry e) {
        StringBuilder b = new StringBuilder(e.time()).append(' ').append(e.outcome()).append(' ');
        AuditEntry.Actor a = e.actor();
        b.append(a == null ? "?" : a.kind() + (a.name() == null ? "" : ":" + a.name())
                + (a.address() == null ? "" : "@" + a.address()));
        b.append(' ').append(e.action());
        if (e.group() != null) {
            b.append(" group=").append(e.group());
        }
        if (e.target() != null) {
            b.append(" target=").append(e.target());
        }
        if (e.reason() != null) {
            b.append(" (").append(e.reason()).append(')');
        }
        if (e.suppressed() != null) {
            b.append(" [+").append(e.suppressed()).append(" similar left out]");
        }
        return b.toString();
    }

    private Instant time(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), option + " must be a time such as 2026-12-06T08:00:00Z");
        }
    }
}
