package org.nereid.server;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The JVM's diagnostic commands (what {@code jcmd PID ...} runs), called from inside the
 * process without the platform MBean server: loading JMX to reach them cost more memory than
 * the commands gave back (docs/benchmarks.md, "Idle and footprint"). They live in a JDK-internal
 * class; the server jar's manifest opens its package ({@code Add-Opens}), which applies to
 * {@code java -jar}. Elsewhere (a class path without that), {@link #open()} finds nothing and
 * callers go without.
 */
final class DiagnosticCommands {
    private final Object commands;
    private final Method execute;

    private DiagnosticCommands(Object commands, Method execute) {
        this.commands = commands;
        this.execute = execute;
    }

    /** The commands of this JVM, or empty when the JDK does not let us reach them. */
    static Optional<DiagnosticCommands> open() {
        try {
            // its class initialiser loads the native library behind the commands
            Class.forName("com.sun.management.internal.PlatformMBeanProviderImpl");
            Class<?> impl = Class.forName("com.sun.management.internal.DiagnosticCommandImpl");
            Method instance = impl.getDeclaredMethod("getDiagnosticCommandMBean");
            instance.setAccessible(true);
            Method execute = impl.getDeclaredMethod("executeDiagnosticCommand", String.class);
            execute.setAccessible(true);
            Object commands = instance.invoke(null);
            execute.invoke(commands, "VM.version");
            return Optional.of(new DiagnosticCommands(commands, execute));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * Runs one command line, e.g. {@code VM.flags}, and returns what it printed; throws
     * IllegalArgumentException for a command this JVM does not know or refuses.
     */
    String run(String command) {
        try {
            return (String) execute.invoke(commands, command);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException(command + ": " + e.getCause().getMessage(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
