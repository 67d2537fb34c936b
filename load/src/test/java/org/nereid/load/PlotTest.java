package org.nereid.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class PlotTest {
    @Test
    void theCurveIsWellFormedSvgWithAPointPerRun() throws Exception {
        String svg = Plot.svg("runs & <stuff>", List.of(
                new Plot.Point(10, 2300, 7.5, 5.0, 0.01),
                new Plot.Point(100, 21000, 60, 40, 0.3),
                new Plot.Point(50, 11000, -1, -1, 0.1)));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertEquals(3, doc.getElementsByTagName("circle").getLength(), "one point per run");
        assertEquals(2, doc.getElementsByTagName("rect").getLength() - 2, "CPU squares only where known");
        assertTrue(svg.contains("loss 0.30 %"), svg);
    }

    @Test
    void axesEndOnRoundNumbers() {
        assertEquals(20_000, Plot.nice(17_000));
        assertEquals(50, Plot.nice(31));
        assertEquals(100, Plot.nice(100));
    }
}
