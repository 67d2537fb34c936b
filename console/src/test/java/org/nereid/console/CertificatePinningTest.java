package org.nereid.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import javafx.scene.control.DialogPane;
import javafx.stage.Stage;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

import org.nereid.console.server.ServerProfile;

/**
 * Connecting to a server whose certificate is self-signed (a real HTTPS server on 127.0.0.1
 * with a certificate made by keytool): the console shows the certificate's SHA-256
 * fingerprint and connects only if the operator trusts it, pinning it in the profile.
 */
@ExtendWith(ApplicationExtension.class)
class CertificatePinningTest {
    private Console console;
    private Path config;
    private HttpsServer server;
    private String fingerprint;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("console-pin");
        config = dir.resolve("console");
        startServer(dir);
        console = new Console(config, uri -> { });
        stage.setScene(console.scene(1180, 780));
        stage.show();
    }

    private void startServer(Path dir) throws Exception {
        TestCertificate certificate = TestCertificate.make(dir, "nereid.invalid");
        fingerprint = certificate.fingerprint();
        SSLContext tls = certificate.serverContext();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/galene-api/v0/.groups/", ex -> {
            byte[] body = "[\"staff\"]".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        console.close();
        server.stop(0);
    }

    private void connect(FxRobot robot) {
        robot.interact(() -> {
            robot.lookup("#profile-name").queryTextInputControl().setText("Office");
            robot.lookup("#profile-url").queryTextInputControl()
                    .setText("https://127.0.0.1:" + server.getAddress().getPort() + "/");
            robot.lookup("#profile-user").queryTextInputControl().setText("admin");
            robot.lookup("#profile-secret").queryTextInputControl().setText("pw");
        });
        robot.clickOn("#connect");
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }

    private DialogPane pinDialog(FxRobot robot) throws Exception {
        await("the certificate dialog", () -> robot.lookup("#pin-dialog").tryQuery().isPresent());
        DialogPane dialog = robot.lookup("#pin-dialog").queryAs(DialogPane.class);
        assertTrue(dialog.getContentText().contains("SHA-256: " + fingerprint), dialog.getContentText());
        assertTrue(dialog.getContentText().contains("CN=nereid.invalid"), dialog.getContentText());
        // the pane is in the scene graph before its window shows: a person answers a dialog they see
        await("the certificate dialog shown", () -> robot.lookup("No").match(NodeQueryUtils.isVisible()).tryQuery()
                .isPresent() && robot.lookup("Yes").match(NodeQueryUtils.isVisible()).tryQuery().isPresent());
        return dialog;
    }

    private ServerProfile office() {
        return console.servers().profiles().stream().filter(p -> p.name().equals("Office")).findFirst().orElseThrow();
    }

    @Test
    void rejectingTheCertificateDoesNotConnect(FxRobot robot) throws Exception {
        connect(robot);
        pinDialog(robot);
        robot.clickOn("No");
        await("the refusal explained", () -> console.context().background().message().get().contains("not one"));
        assertNull(console.context().api().get(), "not connected");
        assertNull(office().fingerprint(), "nothing pinned");
    }

    @Test
    void acceptingTheCertificatePinsItAndConnects(FxRobot robot) throws Exception {
        connect(robot);
        Screenshots.save(pinDialog(robot).getScene(), "servers-pin");
        robot.clickOn("Yes");
        await("the connection", () -> console.context().api().get() != null);
        assertEquals(fingerprint, office().fingerprint());
        await("the pin saved", () -> Files.readString(config.resolve("profiles.json")).contains(fingerprint));
        await("the server's groups listed", () -> console.context().groups().equals(java.util.List.of("staff")));
    }
}
