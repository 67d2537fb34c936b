package org.nereid.console;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import org.testfx.util.WaitForAsyncUtils;

/** Saves scene snapshots to docs/screenshots/ (the directory comes from the Surefire config). */
public final class Screenshots {
    private Screenshots() {
    }

    public static Path save(Scene scene, String name) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get();
        String dir = System.getProperty("nereid.screenshots", "target/screenshots");
        Path target = Path.of(dir, "console-" + name + ".png");
        Files.createDirectories(target.getParent());
        write(image, target);
        return target;
    }

    static void write(WritableImage image, Path target) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, r.getArgb(x, y));
            }
        }
        ImageIO.write(out, "png", target.toFile());
    }

}
