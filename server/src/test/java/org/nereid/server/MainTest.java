package org.nereid.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private static ServerOptions parse(String... args) {
        CommandLine cl = Main.commandLine();
        cl.parseArgs(args);
        return ((Main) cl.getCommand()).options();
    }

    @Test
    void defaultsAreGalenes() {
        ServerOptions o = parse();
        assertEquals(8443, o.http().getPort());
        assertTrue(o.http().getAddress().isAnyLocalAddress());
        assertFalse(o.insecure());
        assertEquals(Path.of("./data/"), o.dataDir());
        assertEquals(Path.of("./groups/"), o.groupsDir());
        assertEquals(Path.of("./recordings/"), o.recordingsDir());
        assertNull(o.staticDir());
        assertEquals("auto", o.turn());
        assertEquals("", o.udpRange());
        assertEquals(ServerOptions.DEFAULT_MAX_FRAME_SIZE, o.maxFrameSize());
    }

    @Test
    void singleDashFlagsAsGalèneWritesThem() {
        ServerOptions o = parse("-insecure", "-http", "127.0.0.1:9000", "-data", "/tmp/d", "-groups", "/tmp/g",
                "-recordings", "/tmp/r", "-static", "/tmp/s", "-udp-range", "10000-10100", "-turn", "",
                "-ws-max-message", "4096");
        assertTrue(o.insecure());
        assertEquals(new InetSocketAddress("127.0.0.1", 9000), o.http());
        assertEquals(Path.of("/tmp/d"), o.dataDir());
        assertEquals(Path.of("/tmp/g"), o.groupsDir());
        assertEquals(Path.of("/tmp/r"), o.recordingsDir());
        assertEquals(Path.of("/tmp/s"), o.staticDir());
        assertEquals("10000-10100", o.udpRange());
        assertEquals("", o.turn());
        assertEquals(4096, o.maxFrameSize());
    }

    @Test
    void doubleDashSpellingWorksToo() {
        assertTrue(parse("--insecure", "--http", ":1234").insecure());
    }

    @Test
    void helpListsTheFlags() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("-help"));
        for (String flag : new String[] {"-http", "-insecure", "-data", "-groups", "-recordings", "-static",
            "-udp-range", "-turn", "-ice-tcp", "-mdns", "-relay-only"}) {
            assertTrue(out.toString().contains(flag), flag);
        }
        assertTrue(out.toString().contains("data/ice-servers.json"), "-help says when -turn auto is off");
    }

    @Test
    void aBadTurnAddressStopsTheServerBeforeItStarts() {
        String said = refusedBeforeStart("-turn", "1194", "-http", "127.0.0.1:0");
        assertTrue(said.contains("-turn"), said);
    }

    @Test
    void aBadIceTcpPortStopsTheServerBeforeItStarts() {
        String said = refusedBeforeStart("-ice-tcp", "tcp", "-http", "127.0.0.1:0");
        assertTrue(said.contains("-ice-tcp"), said);
    }

    @Test
    void cascadingWithoutAClusterOrAPortRangeStopsTheServerBeforeItStarts() {
        String alone = refusedBeforeStart("-cluster-cascade", "2", "-http", "127.0.0.1:0");
        assertTrue(alone.contains("-cluster-cascade needs -cluster"), alone);
        String onePort = refusedBeforeStart("-cluster-cascade", "2", "-cluster", "127.0.0.1:5701", "-udp-range", "40000",
                "-http", "127.0.0.1:0");
        assertTrue(onePort.contains("-udp-range MIN-MAX"), onePort);
    }

    /** Runs the command line, which must exit with 2 before starting; what it said on stderr. */
    private static String refusedBeforeStart(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.commandLine().execute(args));
        } finally {
            System.setErr(err);
        }
        return said.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownFlagIsAnError() {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("-cpuprofile", "x"));
    }

    @Test
    void listenAddresses() {
        assertEquals(new InetSocketAddress(8443), ListenAddress.parse(":8443"));
        assertEquals(new InetSocketAddress("127.0.0.1", 0), ListenAddress.parse("127.0.0.1:0"));
        assertEquals(new InetSocketAddress("::1", 80), ListenAddress.parse("[::1]:80"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("8443"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse(":http"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse(":70000"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("::1:80"));
    }

    @Test
    void tinyFrameLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> parse("-ws-max-message", "10"));
    }
}
