package org.nereid.console.meeting;

import javafx.application.Platform;

import netscape.javascript.JSException;
import netscape.javascript.JSObject;

/** Delivers socket events to the page's listener object, always on the FX thread. */
final class JsListener implements BridgeSocket.Events {
    private final JSObject target;

    JsListener(JSObject target) {
        this.target = target;
    }

    @Override
    public void opened() {
        call("onopen");
    }

    @Override
    public void message(String text) {
        call("onmessage", text);
    }

    @Override
    public void closed(int code, String reason) {
        call("onclose", code, reason);
    }

    @Override
    public void error(String message) {
        call("onerror", message);
    }

    private void call(String method, Object... args) {
        Platform.runLater(() -> {
            try {
                Object f = target.getMember(method);
                if (f instanceof JSObject) {
                    target.call(method, args);
                }
            } catch (JSException e) {
                // the page's handler threw: its problem, and the page's console shows it
            }
        });
    }
}
