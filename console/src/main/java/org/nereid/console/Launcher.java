package org.nereid.console;

/**
 * Plain entry point for class-path runs: a main class that extends {@code Application}
 * fails with "JavaFX runtime components are missing" when JavaFX is on the class path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        ConsoleApp.main(args);
    }
}
