package org.nereid.client;

import com.microsoft.playwright.Page;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.invite.InvitationRoute;
import org.nereid.media.MediaConfig;
import org.nereid.media.MediaEngine;
import org.nereid.media.Sfu;
import org.nereid.server.InvitationWiring;
import org.nereid.signal.SignalLimits;
import org.nereid.signal.SignalService;
import org.nereid.signal.Signalling;
import org.nereid.testing.RunningServer;
import org.nereid.web.Mount;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real Nereid over the groups and data under a root, wired for the meeting page as
 * Main wires it (signalling with the invitation policy on /ws and .status, the SFU
 * behind it, the invitation route), and the browsers that open its pages.
 */
final class MeetingServer implements AutoCloseable {
    private final MediaEngine media = new Sfu(new MediaConfig(List.of("127.0.0.1"), 0));
    private SignalService signal;
    private RunningServer server;
    private Browsers browsers;

    private MeetingServer() {
    }

    static MeetingServer start(Path root) throws Exception {
        MeetingServer m = new MeetingServer();
        try {
            m.server = RunningServer.start(root, options -> options, nereid -> {
                Clock clock = Clock.systemUTC();
                TokenStore tokens = TokenStore.inDataDirectory(nereid.options().dataDir(), clock);
                m.signal = Signalling.create(nereid.groups(), nereid.config(), new Authoriser(tokens, clock),
                        new TokenActions(tokens, clock, InvitationWiring.policy(nereid)), m.media,
                        SignalLimits.defaults(), Signalling::noIceServers, clock);
                nereid.webSocket(m.signal::newChannelHandler).groupActivity(m.signal.registry())
                        .mount(Mount.INVITATIONS, n -> InvitationRoute.of(tokens, n.groups(), n.config(), clock));
            });
            m.browsers = new Browsers();
            return m;
        } catch (Exception | Error e) {
            m.close();
            throw e;
        }
    }

    /** A new participant's page (1280×800), at {@code path} on this server. */
    Page open(String path) {
        Page page = browsers.newPage(1280, 800);
        page.navigate(base() + path);
        return page;
    }

    /** A new participant's blank page. */
    Page newPage() {
        return browsers.newPage();
    }

    /** Closes every participant's page, and fails the test if the pages logged errors. */
    void everyoneLeaves() {
        browsers.closePages();
        assertEquals(List.of(), browsers.takeErrors(), "the pages logged errors");
    }

    String base() {
        return server.base();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return server.get(path);
    }

    @Override
    public void close() {
        if (browsers != null) browsers.close();
        if (server != null) server.close();
        if (signal != null) signal.close();
        media.close();
    }
}
