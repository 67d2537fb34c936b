package org.nereid.console.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import org.nereid.admin.AdminClient;
import org.nereid.admin.ClusterStatus;
import org.nereid.admin.ServerTrust;
import org.nereid.console.Console;
import org.nereid.console.ProtocolClient;
import org.nereid.console.RealServer;
import org.nereid.console.server.ServerProfile;

/**
 * The Cluster tab against two real Nereid processes started with {@code -cluster} on
 * 127.0.0.1 (server/target/nereid-server.jar): the console, connected to node A, lists both
 * nodes live, marks A, sees a meeting at B appear, and drains B with a deadline through the
 * confirmation dialog; B's meeting ends at the deadline and B shows as drained.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterViewTest {
    private static final List<Process> nodes = new ArrayList<>();
    private static final int[] http = new int[2];
    private static final String[] names = new String[2];
    private static Path home;
    private static Console console;
    private static Scene scene;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        home = RealServer.home("console-cluster-test");
        int[] cluster = {freePort(), freePort()};
        for (int i = 0; i < 2; i++) {
            http[i] = freePort();
            names[i] = "127.0.0.1:" + cluster[i];
            Path dir = home.resolve("node" + i);
            Files.createDirectories(dir.resolve("groups"));
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("groups/class.json"),
                    "{\"users\": {\"bob\": {\"password\": \"1234\", \"permissions\": \"present\"}}}\n");
            Files.writeString(dir.resolve("data/config.json"), "{\"users\": {\"admin\": {\"password\": \"pw\","
                    + " \"permissions\": \"admin\"}}, \"writableGroups\": true}\n");
            String peers = names[i] + ",127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1];
            nodes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-jar", System.getProperty("nereid.serverJar"), "-insecure",
                    "-http", "127.0.0.1:" + http[i], "-turn", "", "-data", dir.resolve("data").toString(),
                    "-groups", dir.resolve("groups").toString(), "-recordings", dir.resolve("recordings").toString(),
                    "-cluster", peers).redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile())
                    .start());
            if (i == 0) {
                // the first node forms the cluster; the second joins it
                awaitNodes(0, 1);
            }
        }
        awaitNodes(0, 2);
        awaitNodes(1, 2);
    }

    @Start
    void start(Stage stage) {
        if (console == null) {
            console = new Console(home.resolve("config/console"), uri -> { });
            scene = console.scene(1180, 780);
        }
        stage.setScene(scene);
        stage.show();
    }

    @AfterAll
    static void stop() throws Exception {
        RealServer.close(console);
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : nodes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void listsTheNodesLiveAndMarksTheOneConnectedTo(FxRobot robot) throws Exception {
        console.servers().connect(new ServerProfile("node A", "http://127.0.0.1:" + http[0] + "/", "admin", false,
                null, false), "pw", false, u -> false);
        await("the connection", () -> console.context().api().get() != null);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        TableView<ClusterView.Row> table = table(robot);
        await("both nodes listed", () -> table.getItems().size() == 2);
        assertEquals(names[0] + "  (connected)", row(table, names[0]).name());
        assertEquals(names[1], row(table, names[1]).name());
        assertEquals("http://127.0.0.1:" + http[1] + "/", row(table, names[1]).node().url());
        assertEquals("serving", row(table, names[1]).node().state());
        assertTrue(robot.lookup("#cluster-status").queryAs(Label.class).getText().contains("2 node(s)"));

        // a meeting starts at B: the tab shows it without being asked
        try (ProtocolClient bob = ProtocolClient.connect(URI.create("ws://127.0.0.1:" + http[1] + "/ws"))) {
            assertEquals("join", bob.join("class", "bob", "1234").path("kind").asText());
            await("class(1) at B", () -> row(table, names[1]).node().groupsText().equals("class(1)"));
            assertEquals(1, row(table, names[1]).node().clients());
        }
    }

    @Test
    @Order(2)
    void drainsANodeWithADeadlineAfterConfirmation(FxRobot robot) throws Exception {
        TableView<ClusterView.Row> table = table(robot);
        try (ProtocolClient bob = ProtocolClient.connect(URI.create("ws://127.0.0.1:" + http[1] + "/ws"))) {
            assertEquals("join", bob.join("class", "bob", "1234").path("kind").asText());
            await("class(1) at B", () -> row(table, names[1]).node().groupsText().equals("class(1)"));
            robot.interact(() -> table.getSelectionModel().select(row(table, names[1])));
            robot.clickOn("#cluster-drain");
            await("the drain dialog", () -> robot.lookup("#drain-deadline").tryQuery().isPresent());
            TextField deadline = robot.lookup("#drain-deadline").queryAs(TextField.class);
            assertEquals(DrainDialog.DEFAULT_DEADLINE, deadline.getText());
            robot.interact(() -> deadline.setText("nonsense"));
            robot.clickOn("#drain-confirm");
            assertTrue(robot.lookup("#drain-deadline").tryQuery().isPresent(), "a bad deadline keeps the dialog open");
            robot.interact(() -> deadline.setText("3s"));
            robot.clickOn("#drain-confirm");
            await("B draining", () -> row(table, names[1]).node().state().equals("draining"));
            JsonNode ended = bob.await(m -> "usermessage".equals(m.path("type").asText())
                    && "kicked".equals(m.path("kind").asText()));
            assertTrue(ended.path("value").asText().contains("join again"), ended::toString);
        }
        await("B drained", () -> row(table, names[1]).node().state().equals("drained"));
        assertEquals("serving", row(table, names[0]).node().state());
    }

    @SuppressWarnings("unchecked")
    private static TableView<ClusterView.Row> table(FxRobot robot) {
        return robot.lookup("#cluster-table").queryAs(TableView.class);
    }

    private static ClusterView.Row row(TableView<ClusterView.Row> table, String node) {
        return table.getItems().stream().filter(r -> r.node().node().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError(node + " is not listed: " + table.getItems()));
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
                try {
                    return condition.call();
                } catch (AssertionError e) {
                    return false;
                }
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; status: "
                    + console.context().background().message().get(), e);
        }
    }

    /** Waits until node {@code i} answers .cluster with {@code count} nodes. */
    private static void awaitNodes(int i, int count) throws Exception {
        AdminClient api = AdminClient.create(URI.create("http://127.0.0.1:" + http[i] + "/"), "admin", "pw", null,
                ServerTrust.insecure());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < end) {
            try {
                Optional<ClusterStatus> c = api.cluster();
                if (c.isPresent() && c.get().nodes().size() == count) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!nodes.get(i).isAlive()) {
                break;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("node " + i + " never saw " + count + " node(s):\n"
                + Files.readString(home.resolve("node" + i + "/node.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
