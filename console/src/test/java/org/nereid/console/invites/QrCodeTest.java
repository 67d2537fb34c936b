package org.nereid.console.invites;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import org.junit.jupiter.api.Test;

class QrCodeTest {
    @Test
    void theCodeDecodesBackToTheLink() throws Exception {
        String link = "https://meet.example.org:8443/group/staff/?token=AbCdEf012345";
        BitMatrix m = QrCode.matrix(link, 240);
        int[] pixels = new int[m.getWidth() * m.getHeight()];
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                pixels[y * m.getWidth() + x] = m.get(x, y) ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(m.getWidth(), m.getHeight(), pixels)));
        assertEquals(link, new QRCodeReader().decode(bitmap).getText());
    }
}
