package org.nereid.invite;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads back a QR code drawn by {@link QrSvg}: rasterises its viewBox and its unit squares, then ZXing decodes. */
final class SvgQrDecoder {
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");
    private static final int SCALE = 4;

    private SvgQrDecoder() {
    }

    static String decode(String svg) throws Exception {
        assertTrue(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        Matcher box = VIEW_BOX.matcher(svg);
        assertTrue(box.find(), "the SVG has a viewBox");
        int size = Integer.parseInt(box.group(1));
        int px = size * SCALE;
        int[] pixels = new int[px * px];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher m = MODULE.matcher(svg);
        int modules = 0;
        while (m.find()) {
            int x = Integer.parseInt(m.group(1));
            int y = Integer.parseInt(m.group(2));
            for (int dy = 0; dy < SCALE; dy++) {
                for (int dx = 0; dx < SCALE; dx++) {
                    pixels[(y * SCALE + dy) * px + x * SCALE + dx] = 0xFF000000;
                }
            }
            modules++;
        }
        assertTrue(modules > 0, "the SVG draws modules");
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(px, px, pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
