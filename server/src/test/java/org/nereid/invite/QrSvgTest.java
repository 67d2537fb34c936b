package org.nereid.invite;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QrSvgTest {
    @Test
    void decodesBackToTheLink() throws Exception {
        String link = "https://meet.example.org:8443/group/city-watch/?token=QmFzZTY0VXJsU2FmZVRva2VuSWQ";
        String svg = QrSvg.of(link);
        assertTrue(svg.startsWith("<?xml"), svg);
        assertEquals(link, SvgQrDecoder.decode(svg));
    }

    @Test
    void aTextTooLongForAQrCodeIsRefusedWithASentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QrSvg.of("x".repeat(5000)));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }
}
