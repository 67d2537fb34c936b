package org.nereid.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicBoolean;

import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Work asked for while the console closes (a callback of earlier work) is dropped quietly. */
@ExtendWith(ApplicationExtension.class)
class BackgroundTest {
    @Start
    void start(Stage stage) {
        // no window needed: the extension starts the FX toolkit
    }

    @Test
    void workAskedForAfterCloseIsDroppedAndLeavesNothingRunning() throws Exception {
        Background background = new Background();
        AtomicBoolean ran = new AtomicBoolean();
        background.close();
        WaitForAsyncUtils.asyncFx(() -> background.run("Probing", () -> {
            ran.set(true);
            return 1;
        }, r -> { })).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, background.running().get(), "no spinner left behind");
        assertEquals(false, ran.get());
    }
}
