package org.nereid.load;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What one load run does (the {@code run} command's options). */

public final class LoadOptions {
    @Option(names = "--server", required = true, description = "The server's base URL, e.g. http://127.0.0.1:8443")
    URI server;

    @Option(names = "--group", defaultValue = "load",
            description = "Group name; with --groups N > 1, groups NAME-1 .. NAME-N (default ${DEFAULT-VALUE})")
    String group;

    @Option(names = "--groups", defaultValue = "1", description = "Number of groups (default ${DEFAULT-VALUE})")
    int groups;

    @Option(names = "--publishers", defaultValue = "1", description = "Publishers per group (default ${DEFAULT-VALUE})")
    int publishers;

    @Option(names = "--subscribers", defaultValue = "1",
            description = "Subscribers per group; each receives every publisher of its group (default ${DEFAULT-VALUE})")
    int subscribers;

    @Option(names = "--media", required = true,
            description = "Directory with video.ivf and audio.ogg (made by make-media); their bitrate is the publishers'")
    Path media;

    @Option(names = "--pacing", defaultValue = "2.5",
            description = "Publishers send a frame's packets one after another at this multiple of the video's"
                    + " bitrate, as a browser's pacer does; 0 sends each frame at once (default ${DEFAULT-VALUE})")
    double pacing;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds measured once everyone has joined (default ${DEFAULT-VALUE})")
    int duration;

    @Option(names = "--join-rate", defaultValue = "10", description = "Clients joined per second (default ${DEFAULT-VALUE})")
    double joinRate;

    @Option(names = "--churn", defaultValue = "0",
            description = "Subscribers replaced per second during the window: the longest-connected leaves,"
                    + " a new one joins its group (default ${DEFAULT-VALUE}: none)")
    double churn;

    @Option(names = "--username", description = "Username to join with (default: a name per client)")
    String username;

    @Option(names = "--password", description = "Password to join with")
    String password;

    @Option(names = "--token", description = "A token to join with instead of a username and password")
    String token;

    @Option(names = "--status-per-join", description = "Ask the group's .status before each subscriber's join,"
            + " as a browser loading the group's page does: a cluster's placement (a cascade) then spreads them")
    boolean statusPerJoin;

    @Option(names = "--nack", description = "Subscribers send a NACK for each gap")
    boolean nack;

    @Option(names = "--server-pid", description = "The server's process id on this machine: report its CPU, threads and RSS")
    Long serverPid;

    @Option(names = "--json", description = "Also write the final report as JSON to this file")
    Path json;

    @Option(names = "--timeout", defaultValue = "15",
            description = "Seconds to wait for a join or an answer (default ${DEFAULT-VALUE})")
    int timeout;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Local address for media (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--verbose", description = "Log what the media stack does")
    boolean verbose;

    /** The name of group {@code i} (0-based). */
    String groupName(int i) {
        return groups == 1 ? group : group + "-" + (i + 1);
    }

    void check() throws LoadException {
        if (groups < 1 || publishers < 1 || subscribers < 0 || duration < 1 || joinRate <= 0 || timeout < 1
                || churn < 0 || !(pacing >= 0)) {
            throw new LoadException("--groups, --publishers, --duration, --join-rate and --timeout must be positive,"
                    + " --subscribers, --churn and --pacing at least 0.");
        }
    }
}
