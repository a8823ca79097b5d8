package org.trdoutcomes.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The workbook's styles.xml as a reader other than POI sees it: openpyxl (and pandas through it) warns "Workbook
 * contains no default style" unless the stylesheet declares the built-in {@code Normal} cell style, and a
 * stylesheet whose elements are out of the schema's order is one Excel offers to "repair".
 */
class WorkbookStylesTest {

    static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    /** CT_Stylesheet's sequence (ECMA-376 Part 1, §18.8.39). */
    static final List<String> SCHEMA_ORDER = List.of("numFmts", "fonts", "fills", "borders", "cellStyleXfs",
            "cellXfs", "cellStyles", "dxfs", "tableStyles", "colors", "extLst");

    @TempDir
    Path dir;

    @Test
    void theReportDeclaresTheNormalCellStyleInSchemaOrder() throws Exception {
        Path target = dir.resolve("report.xlsx");
        new ReportWriter(ReportWriter.EXCEL_MAX_ROWS).write(SampleModels.model(5, true), SampleModels.patients(6),
                SampleModels.dataQuality(3), target);

        Document styles = stylesXml(target);
        Element root = styles.getDocumentElement();
        List<String> children = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e.getLocalName());
            }
        }
        assertThat(children).contains("cellStyleXfs", "cellXfs", "cellStyles");
        assertThat(children).isSortedAccordingTo((a, b) -> SCHEMA_ORDER.indexOf(a) - SCHEMA_ORDER.indexOf(b));

        Element cellStyles = (Element) root.getElementsByTagNameNS(MAIN, "cellStyles").item(0);
        assertThat(cellStyles.getAttribute("count")).isEqualTo("1");
        Element normal = (Element) cellStyles.getElementsByTagNameNS(MAIN, "cellStyle").item(0);
        assertThat(normal.getAttribute("name")).isEqualTo("Normal");
        assertThat(normal.getAttribute("builtinId")).isEqualTo("0");
        assertThat(normal.getAttribute("xfId")).isEqualTo("0");
        // the cell-style format it points at exists
        Element styleXfs = (Element) root.getElementsByTagNameNS(MAIN, "cellStyleXfs").item(0);
        assertThat(styleXfs.getElementsByTagNameNS(MAIN, "xf").getLength()).isGreaterThanOrEqualTo(1);
    }

    private static Document stylesXml(Path workbook) throws Exception {
        try (ZipFile zip = new ZipFile(workbook.toFile())) {
            ZipEntry entry = zip.getEntry("xl/styles.xml");
            assertThat(entry).as("xl/styles.xml").isNotNull();
            try (InputStream in = zip.getInputStream(entry)) {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                return factory.newDocumentBuilder().parse(in);
            }
        }
    }
}
