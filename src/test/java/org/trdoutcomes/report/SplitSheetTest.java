package org.trdoutcomes.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.poi.ss.usermodel.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdoutcomes.rules.SmallCellSuppression;

/** A table written as streamed rows is the same workbook, byte for byte in every part, as one written as POI rows. */
class SplitSheetTest {

    private static final String[] HEADERS = {"Patient", "Site", "Episode", "Score", "Flags"};
    private static final String[] TEXTS = {"P-0001", "Zoë <&> \"quoted\"", "emoji \uD83D\uDE00 pair", "lone \uD800 high",
            " padded ", "tab\tend\r\n", "=SUM(A1)", "-1", "日本語", "nbsp\u00a0\u0001\uFFFE", ""};

    @TempDir
    Path dir;

    @Test
    void streamedRowsGiveTheXmlOfPoiRowsInEveryPart() throws Exception {
        Map<String, String> poi = workbook(false, "poi.xlsx");
        Map<String, String> streamed = workbook(true, "streamed.xlsx");
        assertThat(poi).containsKeys("xl/worksheets/sheet1.xml", "xl/worksheets/sheet4.xml");
        assertThat(poi.get("xl/worksheets/sheet4.xml")).contains("<dimension ref=\"A1:E");
        assertThat(streamed.keySet()).isEqualTo(poi.keySet());
        poi.forEach((entry, xml) -> {
            if (!entry.equals("docProps/core.xml")) { // its creation time
                assertThat(streamed.get(entry)).as(entry).isEqualTo(xml);
            }
        });
    }

    /** 23 rows on parts of at most 7 (header included): four sheets, the last one short; every entry's text. */
    private Map<String, String> workbook(boolean streamedRows, String name) throws Exception {
        Path file = dir.resolve(name);
        try (StreamingWorkbook workbook = new StreamingWorkbook(5, 23)) {
            CellWriter cells = new CellWriter(workbook, new SmallCellSuppression(5));
            SplitSheet table = new SplitSheet(workbook, workbook.createSheet("Patients"), cells, HEADERS,
                    new int[] {12, 12, 8, 8, 30}, 7);
            for (int r = 0; r < 23; r++) {
                String text = TEXTS[r % TEXTS.length];
                String site = r % 4 == 0 ? null : "Site " + r;
                Integer episode = r % 5 == 0 ? null : r;
                if (streamedRows) {
                    StreamedRow row = table.nextStreamedRow();
                    cells.text(row, 0, text);
                    cells.text(row, 1, site);
                    cells.integer(row, 2, episode);
                    cells.decimal1(row, 3, r * 0.1);
                    cells.text(row, 4, r % 3 == 0 ? null : text + r);
                } else {
                    Row row = table.nextRow();
                    cells.text(row, 0, text);
                    cells.text(row, 1, site);
                    cells.integer(row, 2, episode);
                    cells.decimal1(row, 3, r * 0.1);
                    cells.text(row, 4, r % 3 == 0 ? null : text + r);
                }
            }
            assertThat(table.finish()).containsExactly("Patients", "Patients (2)", "Patients (3)", "Patients (4)");
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
        }
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<? extends ZipEntry> list = new ArrayList<>(Collections.list(zip.entries()));
            for (ZipEntry entry : list) {
                entries.put(entry.getName(),
                        new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
