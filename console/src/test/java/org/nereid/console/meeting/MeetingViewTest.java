package org.nereid.console.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javafx.scene.Scene;
import javafx.scene.web.WebView;
import javafx.stage.Stage;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import org.nereid.admin.AdminClient;
import org.nereid.admin.ServerTrust;
import org.nereid.console.Background;
import org.nereid.console.ConsoleContext;
import org.nereid.console.server.ProfileStore;

/**
 * The meeting tab's WebView wiring, with a page served over real HTTP on 127.0.0.1 that
 * speaks the bridge contract of docs/web-client.md: the page gets {@code window.nereidBridge},
 * its events arrive at {@code window.nereid}, the relay refuses other addresses, and
 * "open in browser" reaches the system.
 */
@ExtendWith(ApplicationExtension.class)
class MeetingViewTest {
    private static final String PAGE = """
            <!DOCTYPE html><html><body><pre id="log"></pre><script>
            const log = s => document.getElementById('log').textContent += s + '\\n';
            window.nereid = {
              bridgeOpened() { log('opened'); },
              bridgeMessage(t) { log('message ' + t); },
              bridgeClosed(code, reason) { log('closed ' + code + ' ' + reason); },
            };
            </script></body></html>""";
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private HttpServer http;
    private MeetingView view;
    private ConsoleContext context;

    @Start
    void start(Stage stage) throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/group/staff/", ex -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
        context = new ConsoleContext(new Background(), new ProfileStore(java.nio.file.Files.createTempDirectory("m")),
                shown::add);
        context.api().set(AdminClient.create(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/"),
                "admin", "pw", null, ServerTrust.system()));
        context.group().set("staff");
        view = new MeetingView(context);
        stage.setScene(new Scene((javafx.scene.Parent) view.node(), 900, 600));
        stage.show();
    }

    @AfterEach
    void stop() {
        http.stop(0);
        context.background().close();
    }

    private String pageLog() throws Exception {
        return (String) WaitForAsyncUtils.asyncFx(() -> view.web().getEngine()
                .executeScript("document.getElementById('log').textContent")).get();
    }

    private Object run(String script) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> view.web().getEngine().executeScript(script)).get();
    }

    @Test
    void pageGetsTheBridgeAndItsEvents(FxRobot robot) throws Exception {
        robot.clickOn("#meeting-join");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.web() != null
                && Boolean.TRUE.equals(run("window.nereidBridge !== undefined && typeof window.nereid === 'object'")));
        assertEquals("function", run("typeof nereidBridge.send"), "the page's bridgePresent() test");
        run("nereidBridge.open('ws://example.org/ws')");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pageLog().contains("closed 1008"));
        assertTrue(pageLog().contains("the console only relays to ws://127.0.0.1:"), pageLog());

        // the server's own address is accepted; this HTTP server does not upgrade, so it closes
        run("nereidBridge.open('ws://127.0.0.1:" + http.getAddress().getPort() + "/ws')");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pageLog().contains("closed 1006"));
        assertTrue(!view.bridge().isOpen());

        run("nereidBridge.openInBrowser('http://127.0.0.1:" + http.getAddress().getPort() + "/group/staff/')");
        run("nereidBridge.openInBrowser('https://evil.example/')");
        assertEquals(List.of("http://127.0.0.1:" + http.getAddress().getPort() + "/group/staff/"), shown);
        WebView web = robot.lookup("#meeting-web").queryAs(WebView.class);
        assertTrue(web.isVisible());
    }

    @Test
    void openInBrowserUsesTheAddress(FxRobot robot) {
        robot.clickOn("#meeting-browser");
        assertEquals(List.of("http://127.0.0.1:" + http.getAddress().getPort() + "/group/staff/"), shown);
    }
}
