package org.nereid.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nereid.load.media.MakeMedia;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nereid-load}: {@code make-media} once, then {@code run} against any
 * Galène-protocol server; {@code plot} draws a scaling curve from runs' JSON.
 * A run that cannot start or loses its server ends with one sentence on
 * standard error and exit status 2.
 */
@Command(name = "nereid-load", mixinStandardHelpOptions = true,
        description = "Load tool for Galène-protocol servers (Nereid, Galène).",
        subcommands = {Main.Run.class, Main.Make.class, Plot.class})
public final class Main {
    /** Ran, but nothing reached any subscriber. */
    static final int NOTHING_FORWARDED = 3;
    /** Could not run: the sentence says why. */
    static final int FAILED = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(Main.class);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println(e instanceof LoadException ? e.getMessage() : "nereid-load failed: " + e);
            return FAILED;
        });
        return cli.execute(args);
    }

    @Command(name = "run", description = "Join publishers and subscribers to a server and measure it.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        LoadOptions options;

        @Override
        public Integer call() throws Exception {
            quietLogging(options.verbose);
            Report report = new LoadRun(options, System.out).run();
            System.out.println();
            System.out.print(report.table());
            if (options.json != null) {
                report.writeJson(options.json);
            } else {
                System.out.println(report.json());
            }
            if (!report.anyForwarded()) {
                System.err.println("No packet reached any subscriber.");
                return NOTHING_FORWARDED;
            }
            return 0;
        }
    }

    @Command(name = "make-media", description = "Make the VP8 + Opus clip publishers send (needs ffmpeg).")
    static final class Make implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Directory for video.ivf and audio.ogg")
        Path out;

        @Option(names = "--bitrate", defaultValue = "1500000", description = "Total bits per second (default ${DEFAULT-VALUE})")
        long bitrate;

        @Option(names = "--seconds", defaultValue = "10", description = "Length of one loop (default ${DEFAULT-VALUE})")
        int seconds;

        @Override
        public Integer call() throws IOException, InterruptedException {
            try {
                MakeMedia.make(out, bitrate, seconds);
            } catch (IOException e) {
                System.err.println(e.getMessage());
                return FAILED;
            }
            return 0;
        }
    }

    /** Our own output is the report; libraries log only warnings unless asked. */
    static void quietLogging(boolean verbose) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(verbose ? ch.qos.logback.classic.Level.INFO : ch.qos.logback.classic.Level.WARN);
    }
}
