package org.nereid.console.meeting;

import javafx.application.Platform;
import javafx.scene.web.WebEngine;

import netscape.javascript.JSException;
import netscape.javascript.JSObject;

/** Delivers bridge events to the page's {@code window.nereid} on the FX thread. */
final class PageEvents implements BridgeSocket.Events {
    private final WebEngine engine;

    PageEvents(WebEngine engine) {
        this.engine = engine;
    }

    @Override
    public void opened() {
        call("bridgeOpened");
    }

    @Override
    public void message(String text) {
        call("bridgeMessage", text);
    }

    @Override
    public void closed(int code, String reason) {
        call("bridgeClosed", code, reason == null ? "" : reason);
    }

    private void call(String method, Object... args) {
        Platform.runLater(() -> {
            try {
                Object page = engine.executeScript("window.nereid");
                if (page instanceof JSObject o) {
                    o.call(method, args);
                }
            } catch (JSException e) {
                // the page's handler threw; WebView's console shows it
            }
        });
    }
}
