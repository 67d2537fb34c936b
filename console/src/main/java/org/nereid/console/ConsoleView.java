package org.nereid.console;

import javafx.scene.Node;

/** One tab of the console. The main window routes its keyboard shortcuts to the visible view. */
public interface ConsoleView {
    String title();

    Node node();

    /** Reloads from the server (F5; also when the tab is shown). */
    default void refresh() {
    }

    /** Ctrl+N. */
    default void create() {
    }

    /** Ctrl+E or Enter. */
    default void edit() {
    }

    /** Delete. */
    default void delete() {
    }

    /** The tab was hidden: stop periodic work. */
    default void hidden() {
    }
}
