package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.media.MediaConfig;
import org.nereid.media.Sfu;
import org.nereid.server.Nereid;
import org.nereid.server.ServerOptions;
import org.nereid.testing.RunningServer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A real Nereid with signalling over the real SFU on /ws and .status, wired as Main
 * wires them, for tests where a browser sends real media.
 */
final class SfuServer implements AutoCloseable {
    /** What a test may wire further routes with (the admin API, statistics). */
    record Wiring(Nereid nereid, TokenStore tokens, Authoriser authoriser, SignalService signal, Clock clock) {
    }

    /** One shared UDP port on 127.0.0.1, no ICE over TCP. */
    private static final MediaConfig LOOPBACK = new MediaConfig(List.of("127.0.0.1"), 0);

    final RunningServer server;
    private final Sfu sfu;
    private final SignalService signal;

    private SfuServer(RunningServer server, Sfu sfu, SignalService signal) {
        this.server = server;
        this.sfu = sfu;
        this.signal = signal;
    }

    static SfuServer start(Path dir) throws Exception {
        return start(dir, wiring -> { });
    }

    static SfuServer start(Path dir, Consumer<Wiring> more) throws Exception {
        return start(dir, o -> o, LOOPBACK, sfu -> Signalling::noIceServers, more);
    }

    /** The same, with the RTCConfiguration clients get made from the SFU (its media sockets, for TURN). */
    static SfuServer start(Path dir, Function<Sfu, Supplier<JsonNode>> rtcConfiguration, Consumer<Wiring> more)
            throws Exception {
        return start(dir, o -> o, LOOPBACK, rtcConfiguration, more);
    }

    /** The same on an SFU of this configuration (e.g. with ICE over TCP). */
    static SfuServer start(Path dir, MediaConfig media, Function<Sfu, Supplier<JsonNode>> rtcConfiguration,
                           Consumer<Wiring> more) throws Exception {
        return start(dir, o -> o, media, rtcConfiguration, more);
    }

    /** The same, with other server options (e.g. a -static folder). */
    static SfuServer withOptions(Path dir, UnaryOperator<ServerOptions> options, Consumer<Wiring> more)
            throws Exception {
        return start(dir, options, LOOPBACK, sfu -> Signalling::noIceServers, more);
    }

    private static SfuServer start(Path dir, UnaryOperator<ServerOptions> options, MediaConfig media,
                                   Function<Sfu, Supplier<JsonNode>> rtcConfiguration, Consumer<Wiring> more)
            throws Exception {
        Sfu sfu = new Sfu(media);
        Supplier<JsonNode> rtc;
        try {
            rtc = rtcConfiguration.apply(sfu);
        } catch (RuntimeException e) {
            sfu.close();
            throw e;
        }
        SignalService[] signal = new SignalService[1];
        try {
            RunningServer server = RunningServer.start(dir, options, n -> {
                Clock clock = Clock.systemUTC();
                TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
                Authoriser authoriser = new Authoriser(tokens, clock);
                signal[0] = Signalling.create(n.groups(), n.config(), authoriser, new TokenActions(tokens, clock),
                        sfu, SignalLimits.defaults(), rtc, clock);
                n.webSocket(signal[0]::newChannelHandler).groupActivity(signal[0].registry());
                more.accept(new Wiring(n, tokens, authoriser, signal[0], clock));
            });
            return new SfuServer(server, sfu, signal[0]);
        } catch (Exception | Error e) {
            if (signal[0] != null) {
                signal[0].close();
            }
            sfu.close();
            throw e;
        }
    }

    Sfu sfu() {
        return sfu;
    }

    SignalService signal() {
        return signal;
    }

    /** The UDP port all media goes through (one shared port). */
    int mediaPort() {
        return sfu.udpPort();
    }

    @Override
    public void close() {
        // as Main stops: sessions end while the web server can still close their sockets
        signal.close();
        sfu.close();
        server.close();
    }
}
