package org.trdoutcomes.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up goes through the whole report writer (every sheet of an empty run, so every class the report step
 * loads) and leaves no file behind.
 */
class WorkbookWarmUpTest {

    @TempDir
    Path folder;

    @Test
    void writesEverySheetOfAnEmptyRun() throws IOException {
        Path target = folder.resolve("empty.xlsx");

        WorkbookWarmUp.writeEmptyRun(target);

        List<String> sheets = new ArrayList<>();
        try (InputStream in = Files.newInputStream(target); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            for (Sheet sheet : workbook) {
                sheets.add(sheet.getSheetName());
            }
            assertThat(workbook.getSheet("Summary").getPhysicalNumberOfRows()).isPositive();
        }
        assertThat(sheets).contains("Summary", "Patients", "Data quality", "Trend", "Definitions");
    }

    @Test
    void leavesNoTemporaryFile() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = warmUpFiles(tmp);

        WorkbookWarmUp.writeEmptyWorkbook();

        assertThat(warmUpFiles(tmp)).isEqualTo(before);
    }

    private static long warmUpFiles(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("trd-warm-up-")).count();
        }
    }
}
