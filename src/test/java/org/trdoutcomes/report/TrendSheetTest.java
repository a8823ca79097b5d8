package org.trdoutcomes.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Trend sheet and the changes since the previous night, as the writer lays them out (docs/workbook-contract.md). */
class TrendSheetTest {

    @TempDir
    Path dir;

    static NightFigures night(String asOf, long patients, long trd, long pseudo, long notTrd, long evaluable,
                              long responders, long remitters) {
        return new NightFigures(LocalDate.parse(asOf), "trd-outcomes-" + asOf + "-1.xlsx", patients, 0, trd, pseudo,
                notTrd, 0, evaluable, evaluable, evaluable, responders, remitters, 100, 98, 2);
    }

    XSSFWorkbook written(List<NightFigures> trend, PreviousNight previous) throws IOException {
        Path target = dir.resolve("report-" + System.nanoTime() + ".xlsx");
        new ReportWriter().write(SampleModels.model(5, true), SampleModels.patients(4), SampleModels.dataQuality(1),
                trend, previous, target);
        try (InputStream in = Files.newInputStream(target)) {
            return new XSSFWorkbook(in);
        }
    }

    static Object value(Sheet sheet, int row, int column) {
        Row r = sheet.getRow(row);
        Cell c = r == null ? null : r.getCell(column);
        if (c == null || c.getCellType() == CellType.BLANK) {
            return null;
        }
        return c.getCellType() == CellType.NUMERIC ? (Object) c.getNumericCellValue() : c.getStringCellValue();
    }

    static List<String> column(Sheet sheet, int column) {
        List<String> values = new ArrayList<>();
        for (Row r : sheet) {
            Object v = value(sheet, r.getRowNum(), column);
            values.add(v == null ? null : v.toString());
        }
        return values;
    }

    @Test
    void eachNightIsSuppressedOnItsOwnRowAndChartedByAsOfDate() throws IOException {
        List<NightFigures> trend = List.of(
                night("2026-06-28", 40, 3, 10, 17, 60, 30, 20),   // TRD 3: shown <5, prevalence hidden
                night("2026-06-29", 42, 12, 10, 18, 61, 33, 2),   // remitters 2: remission rate hidden
                night("2026-06-30", 44, 14, 10, 16, 62, 31, 25)); // everything shown

        try (XSSFWorkbook wb = written(trend, null)) {
            XSSFSheet sheet = wb.getSheet("Trend");
            assertThat(wb.getSheetIndex(sheet)).as("the last sheet").isEqualTo(wb.getNumberOfSheets() - 1);
            assertThat(value(sheet, 1, 1)).isEqualTo("trd-outcomes-2026-06-28-1.xlsx");
            assertThat(value(sheet, 1, 3)).isEqualTo("<5");
            assertThat(value(sheet, 1, 4)).as("TRD prevalence over a hidden count").isNull();
            assertThat((Double) value(sheet, 1, 8)).isCloseTo(20.0 / 60, within(1e-9));
            assertThat(value(sheet, 2, 3)).isEqualTo(12.0);
            assertThat((Double) value(sheet, 2, 4)).isCloseTo(12.0 / 40, within(1e-9));
            assertThat((Double) value(sheet, 2, 7)).isCloseTo(33.0 / 61, within(1e-9));
            assertThat(value(sheet, 2, 8)).as("remission rate over 2 remitters").isNull();
            assertThat((Double) value(sheet, 3, 4)).isCloseTo(14.0 / 40, within(1e-9));
            assertThat(value(sheet, 3, 9)).as("rows read, not a count of people").isEqualTo(100.0);
            assertThat(value(sheet, 3, 10)).isEqualTo(2.0);
            assertThat(sheet.getRow(1).getCell(0).getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd");

            List<XSSFChart> charts = sheet.getDrawingPatriarch().getCharts();
            assertThat(charts).hasSize(1);
            var data = charts.get(0).getChartSeries().get(0);
            assertThat(data.getSeriesCount()).isEqualTo(2);
            assertThat(data.getSeries(0).getCategoryData().getDataRangeReference()).isEqualTo("Trend!$A$2:$A$4");
            assertThat(data.getSeries(0).getValuesData().getDataRangeReference()).isEqualTo("Trend!$E$2:$E$4");
            assertThat(data.getSeries(1).getValuesData().getDataRangeReference()).isEqualTo("Trend!$I$2:$I$4");
            // a hidden rate is a gap: no cached point at its index (the cells decide when the file is opened)
            var cache = charts.get(0).getCTChart().getPlotArea().getLineChartArray(0).getSerArray(0).getVal()
                    .getNumRef().getNumCache();
            assertThat(cache.getPtCount().getVal()).isEqualTo(3);
            assertThat(cache.getPtList()).extracting(pt -> pt.getIdx() + "=" + pt.getV())
                    .containsExactly("1=0.3", "2=0.35");

            assertThat(column(wb.getSheet("Summary"), 0)).doesNotContain("Previous run as-of",
                    "New TRD since previous run", "No longer TRD");
            assertThat(column(wb.getSheet("Patients"), 0)).isNotEmpty();
            assertThat(wb.getSheet("Patients").getRow(0).getLastCellNum()).as("no Previous classification column")
                    .isEqualTo((short) 14);
        }
    }

    @Test
    void thePreviousNightAddsAPatientsColumnAndThreeSummaryItemsWithSuppressedCounts() throws IOException {
        // SampleModels.patients(4): P00001 NOT_TRD, P00002 TRD, P00003 NOT_TRD, P00004 TRD
        RowSource<PatientLine> patients = SampleModels.patients(4);
        PreviousNight previous = PreviousNight.compare(LocalDate.of(2026, 2, 28), null, patients,
                PreviousNightTest.kept("P00001=TRD", "P00002=TRD", "P00003=INSUFFICIENT_DATA"));

        try (XSSFWorkbook wb = written(List.of(night("2026-03-01", 40, 14, 10, 16, 62, 31, 25)), previous)) {
            Sheet sheet = wb.getSheet("Patients");
            int last = sheet.getRow(0).getLastCellNum() - 1;
            assertThat(value(sheet, 0, last)).isEqualTo("Previous classification");
            assertThat(column(sheet, last)).containsExactly("Previous classification", "TRD", "TRD",
                    "INSUFFICIENT_DATA", null);

            Sheet summary = wb.getSheet("Summary");
            List<String> items = column(summary, 0);
            int at = items.indexOf("Previous run as-of");
            assertThat(items.subList(at, at + 3)).containsExactly("Previous run as-of", "New TRD since previous run",
                    "No longer TRD");
            assertThat(summary.getRow(at).getCell(1).getLocalDateTimeCellValue().toLocalDate())
                    .isEqualTo(LocalDate.of(2026, 2, 28));
            // new TRD: P00004 (absent before) = 1; no longer TRD: P00001 = 1; both small counts at threshold 5
            assertThat(value(summary, at + 1, 1)).isEqualTo("<5");
            assertThat(value(summary, at + 2, 1)).isEqualTo("<5");
        }
    }
}
