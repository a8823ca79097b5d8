package org.trdoutcomes.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming workbook's own writer and its compressed temporary files give an ordinary workbook, text intact. */
class StreamingWorkbookTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} rows announced")
    @ValueSource(longs = {10, StreamingWorkbook.COMPRESS_TEMP_FILES_FROM_ROWS})
    void everyCellComesBackAsWrittenWithPlainOrCompressedTemporaryFiles(long announced) throws Exception {
        String[] texts = {"P-0001", "Zoë <&> \"quoted\"", "emoji \uD83D\uDE00 pair", "lone \uD800 high", "tab\tend",
                "=SUM(A1)", "日本語"};
        Path file = dir.resolve("book.xlsx");
        try (StreamingWorkbook workbook = new StreamingWorkbook(50, announced)) {
            Sheet sheet = workbook.createSheet("Patients");
            for (int r = 0; r < 3000; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue(texts[r % texts.length] + r);
                row.createCell(1).setCellValue(r * 1.5);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
        }
        try (XSSFWorkbook read = new XSSFWorkbook(file.toFile())) {
            Sheet sheet = read.getSheet("Patients");
            assertThat(sheet.getLastRowNum()).isEqualTo(2999);
            for (int r = 0; r < 3000; r++) {
                String expected = (texts[r % texts.length] + r).replace("\uD800", "?");
                assertThat(sheet.getRow(r).getCell(0).getStringCellValue()).as("row %d", r).isEqualTo(expected);
                assertThat(sheet.getRow(r).getCell(1).getNumericCellValue()).isEqualTo(r * 1.5);
            }
        }
    }

    @ParameterizedTest(name = "{0} rows announced")
    @ValueSource(longs = {10, StreamingWorkbook.COMPRESS_TEMP_FILES_FROM_ROWS})
    void theSheetXmlIsByteForByteWhatPoiWrites(long announced) throws Exception {
        byte[] poi = sheetXml(new SXSSFWorkbook(null, 50, false, false), "poi.xlsx");
        byte[] ours = sheetXml(new StreamingWorkbook(50, announced), "ours.xlsx");
        assertThat(new String(ours, StandardCharsets.UTF_8)).contains("<c r=\"B7\" s=\"").contains("xml:space")
                .isEqualTo(new String(poi, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} rows announced")
    @ValueSource(longs = {10, StreamingWorkbook.COMPRESS_TEMP_FILES_FROM_ROWS})
    void zippingReportsEveryByteOfTheSheetsRowsAsItGoes(long announced) throws Exception {
        Path file = dir.resolve("progress.xlsx");
        List<long[]> reports = new ArrayList<>();
        try (StreamingWorkbook workbook = new StreamingWorkbook(50, announced)) {
            for (String name : new String[] {"Patients", "Small"}) {
                Sheet sheet = workbook.createSheet(name);
                int rows = name.equals("Patients") ? 30_000 : 3;
                for (int r = 0; r < rows; r++) {
                    Row row = sheet.createRow(r);
                    row.createCell(0).setCellValue("P-" + r + " Zoë");
                    row.createCell(1).setCellValue(r * 0.25);
                }
            }
            workbook.reportZipTo(new ReportProgress() {
                @Override
                public void workbookZipped(long bytes, long totalBytes) {
                    reports.add(new long[] {bytes, totalBytes});
                }
            });
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
        }
        // the rows POI injected into each sheet (from its first <row to </sheetData>) are what the reports count
        long counted = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String entry : new String[] {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}) {
                String xml = new String(zip.getInputStream(zip.getEntry(entry)).readAllBytes(), StandardCharsets.UTF_8);
                String rows = xml.substring(xml.indexOf("<row "), xml.indexOf("</sheetData>"));
                counted += rows.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        long rowsXml = counted;
        assertThat(rowsXml).isGreaterThan(2 * StreamingWorkbook.ZIP_REPORT_BYTES);
        assertThat(reports).hasSizeGreaterThanOrEqualTo(3); // every megabyte, and once at the end
        assertThat(reports).allSatisfy(r -> assertThat(r[1]).isEqualTo(rowsXml));
        assertThat(reports.get(reports.size() - 1)[0]).isEqualTo(rowsXml);
        for (int i = 1; i < reports.size(); i++) {
            assertThat(reports.get(i)[0]).isGreaterThanOrEqualTo(reports.get(i - 1)[0]);
        }
    }

    /** A sheet with every kind of cell the report writes, and a few it does not; its XML as zipped. */
    private byte[] sheetXml(SXSSFWorkbook workbook, String name) throws Exception {
        Path file = dir.resolve(name);
        try (workbook) {
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle integer = workbook.createCellStyle();
            integer.setDataFormat(workbook.createDataFormat().getFormat("0"));
            Sheet sheet = workbook.createSheet("Patients");
            for (int r = 0; r < 700; r++) {
                Row row = sheet.createRow(r);
                Cell text = row.createCell(0);
                text.setCellValue(r % 3 == 0 ? " padded " : r % 3 == 1 ? "P<&>\"" + r + "\u00e9\uD83D\uDE00\u0001"
                        : "nbsp\u00a0tab\tcr\rlf\n" + r + "\uFFFE\uFFFF\u001F lone \uDC00 \uD800");
                text.setCellStyle(r == 0 ? bold : workbook.getCellStyleAt(0));
                Cell number = row.createCell(1);
                number.setCellValue(r * 0.1);
                number.setCellStyle(integer);
                row.createCell(3).setCellValue(r); // a gap at column C, no style set
                if (r % 7 == 0) {
                    row.createCell(4).setCellValue(true); // a boolean: POI's own path
                    row.createCell(5).setBlank();
                }
                if (r == 600) {
                    row.setHeightInPoints(30); // a formatted row: POI's own path
                }
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getInputStream(zip.getEntry("xl/worksheets/sheet1.xml")).readAllBytes();
        }
    }
}
