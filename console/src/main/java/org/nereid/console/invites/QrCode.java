package org.nereid.console.invites;

import java.util.Map;

import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/** Draws a link as a QR code image (ZXing), for phones to scan off the screen. */
public final class QrCode {
    private QrCode() {
    }

    public static BitMatrix matrix(String text, int size) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
        } catch (WriterException e) {
            throw new IllegalArgumentException("This link is too long to show as a QR code.", e);
        }
    }

    public static WritableImage image(String text, int size) {
        BitMatrix m = matrix(text, size);
        WritableImage img = new WritableImage(m.getWidth(), m.getHeight());
        PixelWriter w = img.getPixelWriter();
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                w.setColor(x, y, m.get(x, y) ? Color.BLACK : Color.WHITE);
            }
        }
        return img;
    }
}
