package org.nereid.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The server's logging, set up in code rather than read from a logback.xml: reading XML loads
 * logback's Joran and the JDK's XML parser, ~600 classes kept for the life of the process
 * (docs/benchmarks.md, "Idle and footprint"). Found by logback through
 * META-INF/services/ch.qos.logback.classic.spi.Configurator, before its own file lookup.
 *
 * <p>One line per event on standard error, as a service manager expects; the libraries only
 * at WARN. A {@code -Dlogback.configurationFile=...} (e.g. to see the media path at DEBUG), or a
 * logback-test.xml or logback.xml on the class path (the tests; the load tool, which ships these
 * classes) still wins: this then steps aside.
 */
public final class ServerLogging extends ContextAwareBase implements Configurator {

    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader classes = ServerLogging.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null
                || classes.getResource("logback-test.xml") != null || classes.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // java.util.logging (ice4j) arrives through jul-to-slf4j; this keeps disabled levels cheap
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        for (String library : new String[] {"io.netty", "org.ice4j", "org.jitsi"}) {
            context.getLogger(library).setLevel(Level.WARN);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
