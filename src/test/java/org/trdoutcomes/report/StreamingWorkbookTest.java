package org.trdoutcomes.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
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
}
