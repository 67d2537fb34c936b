package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nereid.auth.Authoriser;
import org.nereid.auth.JoinDecision;
import org.nereid.auth.TokenActions;
import org.nereid.group.GroupDirectory;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileException;
import org.nereid.group.GroupListener;
import org.nereid.group.GroupRegistry;
import org.nereid.group.GroupRules;
import org.nereid.group.ServerConfigFile;
import org.nereid.media.MediaEngine;
import org.nereid.model.GroupDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Wires signalling to the rest of the server: group rules from the group
 * directory (followed as files change), join decisions from the
 * authoriser, tokens from the token actions. The server then hands
 * {@link SignalService#newChannelHandler} to the web layer's /ws and the
 * registry ({@link SignalService#activity()}) to .status.
 */
public final class Signalling {
    /** Why a join into a group without a (readable) file is refused. */
    static final String NO_SUCH_GROUP = "group does not exist";

    private static final Logger log = LoggerFactory.getLogger(Signalling.class);

    private Signalling() {
    }

    /**
     * @param media            the SFU, or null to refuse offers with a clear error
     * @param rtcConfiguration the RTCConfiguration clients get in "joined" (ICE servers)
     */
    public static SignalService create(GroupDirectory directory, ServerConfigFile config, Authoriser authoriser,
                                       TokenActions tokens, MediaEngine media, SignalLimits limits,
                                       Supplier<JsonNode> rtcConfiguration, Clock clock) {
        GroupRegistry registry = new GroupRegistry(name -> rulesOf(directory, name), clock);
        JoinAuthoriser joins = new JoinAuthoriser() {
            @Override
            public JoinDecision decide(String group, Credentials c) {
                return description(directory, group)
                        .map(d -> authoriser.decideJoin(group, d, config.current(), authCredentials(c)))
                        .orElseGet(() -> new JoinDecision.Refused(JoinDecision.NOT_AUTHORISED, NO_SUCH_GROUP));
            }

            @Override
            public JoinDecision recheck(String group, Credentials c, JoinDecision.Method joinedBy) {
                return description(directory, group)
                        .map(d -> authoriser.recheckMember(group, d, config.current(), authCredentials(c), joinedBy))
                        .orElseGet(() -> new JoinDecision.Refused(JoinDecision.NOT_AUTHORISED, NO_SUCH_GROUP));
            }

            @Override
            public JoinDecision claimUse(JoinDecision.Granted granted) {
                return authoriser.claimUse(granted);
            }

            @Override
            public void returnUse(JoinDecision.Granted granted) {
                authoriser.returnUse(granted);
            }

            @Override
            public String rejoinCredential(String group, JoinDecision.Granted granted) {
                return authoriser.rejoinCredential(group, granted).orElse(null);
            }
        };
        SignalService service = new SignalService(registry, joins, tokens, media, limits, rtcConfiguration, clock)
                .passwordsChangeable(() -> config.current().writableGroups());
        directory.addListener(new GroupListener() {
            @Override
            public void changed(String name, GroupDescription description) {
                service.groupFileChanged(name);
            }

            @Override
            public void removed(String name) {
                service.groupFileChanged(name);
            }
        });
        return service;
    }

    private static org.nereid.auth.Credentials authCredentials(JoinAuthoriser.Credentials c) {
        return new org.nereid.auth.Credentials(c.username(), c.password(), c.hasToken() ? c.token() : null);
    }

    /** The RTCConfiguration without STUN or TURN servers: direct host candidates only. */
    public static JsonNode noIceServers() {
        ObjectNode c = MessageCodec.object();
        c.putArray("iceServers");
        return c;
    }

    /** The rules of the group file named exactly {@code name}; an unreadable file counts as none. */
    private static Optional<GroupRules> rulesOf(GroupDirectory directory, String name) {
        try {
            return directory.findFile(name).map(e -> GroupRules.of(e.description()));
        } catch (GroupFileException e) {
            log.warn("group {}: its file cannot be read: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    /** The description {@code group} runs under, its own or its auto-subgroups ancestor's. */
    private static Optional<GroupDescription> description(GroupDirectory directory, String group) {
        try {
            return directory.find(group).map(GroupEntry::description);
        } catch (GroupFileException e) {
            log.warn("group {}: its file cannot be read: {}", group, e.getMessage());
            return Optional.empty();
        }
    }
}
