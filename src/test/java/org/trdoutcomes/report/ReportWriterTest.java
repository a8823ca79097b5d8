package org.trdoutcomes.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final double EPS = 1e-9;
    private static final List<String> OUTCOME_HEADERS = List.of("Trials", "Evaluable", "Responders",
            "Response rate", "Response CI low", "Response CI high", "Remitters", "Remission rate",
            "Remission CI low", "Remission CI high", "TRD evaluable", "TRD responders", "TRD response rate",
            "TRD remitters", "TRD remission rate");

    @TempDir
    Path dir;

    private XSSFWorkbook written(ReportModel model, RowSource<PatientLine> patients,
                                 RowSource<DataQualityLine> dataQuality, int maxRows) throws IOException {
        Path target = dir.resolve("report-" + System.nanoTime() + ".xlsx");
        new ReportWriter(maxRows).write(model, patients, dataQuality, target);
        try (InputStream in = Files.newInputStream(target)) {
            return new XSSFWorkbook(in);
        }
    }

    private XSSFWorkbook written(int minCellCount) throws IOException {
        return written(SampleModels.model(minCellCount, true), SampleModels.patients(6),
                SampleModels.dataQuality(3), ReportWriter.EXCEL_MAX_ROWS);
    }

    private static List<String> sheetNames(XSSFWorkbook wb) {
        List<String> names = new ArrayList<>();
        wb.forEach(s -> names.add(s.getSheetName()));
        return names;
    }

    private static List<String> header(Sheet sheet) {
        List<String> texts = new ArrayList<>();
        sheet.getRow(0).forEach(c -> texts.add(c.getStringCellValue()));
        return texts;
    }

    private static Cell cell(Sheet sheet, int row, int column) {
        Row r = sheet.getRow(row);
        return r == null ? null : r.getCell(column);
    }

    private static double number(Sheet sheet, int row, int column) {
        Cell c = cell(sheet, row, column);
        assertThat(c).as("%s!R%dC%d", sheet.getSheetName(), row + 1, column + 1).isNotNull();
        assertThat(c.getCellType()).as("%s!R%dC%d", sheet.getSheetName(), row + 1, column + 1)
                .isEqualTo(CellType.NUMERIC);
        return c.getNumericCellValue();
    }

    private static String text(Sheet sheet, int row, int column) {
        Cell c = cell(sheet, row, column);
        assertThat(c).as("%s!R%dC%d", sheet.getSheetName(), row + 1, column + 1).isNotNull();
        assertThat(c.getCellType()).isEqualTo(CellType.STRING);
        return c.getStringCellValue();
    }

    private static boolean empty(Sheet sheet, int row, int column) {
        Cell c = cell(sheet, row, column);
        return c == null || c.getCellType() == CellType.BLANK;
    }

    private static void assertRate(Sheet sheet, int row, int column, double expected) {
        assertThat(number(sheet, row, column)).isCloseTo(expected, within(EPS));
        assertThat(cell(sheet, row, column).getCellStyle().getDataFormatString()).isEqualTo("0.0%");
    }

    /** The row whose column A is {@code item}. */
    private static int rowOf(Sheet sheet, String item) {
        for (Row r : sheet) {
            Cell c = r.getCell(0);
            if (c != null && c.getCellType() == CellType.STRING && c.getStringCellValue().equals(item)) {
                return r.getRowNum();
            }
        }
        throw new AssertionError("no row " + item + " on " + sheet.getSheetName());
    }

    // given a model with suppression at 5, when written, then sheets, headers and values follow docs/workbook-contract.md

    @Test
    void sheetsInContractOrder() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            assertThat(sheetNames(wb)).containsExactly("Summary", "Strategy response", "Treatment detail",
                    "Treatment steps", "Patients", "Data quality", "Definitions", "Definitions compared",
                    "Breakdowns", "Pathways", "After failure", "Trend");
        }
    }

    @Test
    void patientsSheetLeftOutWhenConfigured() throws IOException {
        try (XSSFWorkbook wb = written(SampleModels.model(5, false), null, SampleModels.dataQuality(1),
                ReportWriter.EXCEL_MAX_ROWS)) {
            assertThat(sheetNames(wb)).containsExactly("Summary", "Strategy response", "Treatment detail",
                    "Treatment steps", "Data quality", "Definitions", "Definitions compared", "Breakdowns",
                    "Pathways", "After failure", "Trend");
            Sheet summary = wb.getSheet("Summary");
            assertThat(text(summary, rowOf(summary, "Patients sheet"), 1)).isEqualTo("left out by configuration");
        }
    }

    @Test
    void everyHeaderText() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            assertThat(header(wb.getSheet("Summary"))).containsExactly("Item", "Value");
            List<String> strategy = new ArrayList<>(List.of("Strategy"));
            strategy.addAll(OUTCOME_HEADERS);
            assertThat(header(wb.getSheet("Strategy response"))).isEqualTo(strategy);
            List<String> detail = new ArrayList<>(List.of("Strategy", "Treatment"));
            detail.addAll(OUTCOME_HEADERS);
            assertThat(header(wb.getSheet("Treatment detail"))).isEqualTo(detail);
            assertThat(header(wb.getSheet("Treatment steps"))).containsExactly("Step", "Entered", "Evaluable",
                    "Remitters", "Remission rate", "Remission CI low", "Remission CI high", "Cumulative remission",
                    "Observed cumulative remission", "STAR*D remission", "STAR*D cumulative remission");
            assertThat(header(wb.getSheet("Patients"))).containsExactly("Patient", "Site", "Episode",
                    "Antidepressant trials", "Failed agents", "Adequately failed agents", "Classification",
                    "Thase-Rush stage", "MGH-S", "MSM score", "MSM category", "Flags",
                    "Classification (eu-pearl)", "Classification (strict)");
            assertThat(header(wb.getSheet("Data quality"))).containsExactly("File", "Line", "Column", "Value",
                    "Reason", "Message");
            assertThat(header(wb.getSheet("Definitions"))).containsExactly("Item", "Value");
            assertThat(header(wb.getSheet("Definitions compared"))).containsExactly("Definition", "Description",
                    "Assessed", "TRD", "TRD prevalence", "Agreement with standard", "Kappa");
            assertThat(header(wb.getSheet("Breakdowns"))).containsExactly("Dimension", "Group", "Patients", "TRD",
                    "TRD prevalence", "Evaluable trials", "Responders", "Response rate", "Remitters",
                    "Remission rate");
            assertThat(header(wb.getSheet("Pathways"))).containsExactly("Pathway", "Steps", "Episodes",
                    "Share of episodes", "Remitted", "Remission rate");
            assertThat(header(wb.getSheet("After failure"))).containsExactly("After failed step", "Next strategy",
                    "Episodes", "Evaluable", "Responders", "Response rate", "Remitters", "Remission rate",
                    "Remission CI low", "Remission CI high");
        }
    }

    @Test
    void headersAreBoldFrozenAndFiltered() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            for (Sheet s : wb) {
                XSSFSheet sheet = (XSSFSheet) s;
                assertThat(sheet.getPaneInformation().isFreezePane()).as(s.getSheetName()).isTrue();
                assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
                assertThat(sheet.getCTWorksheet().isSetAutoFilter()).as(s.getSheetName()).isTrue();
                assertThat(sheet.getCTWorksheet().getAutoFilter().getRef()).startsWith("A1:");
                assertThat(wb.getFontAt(sheet.getRow(0).getCell(0).getCellStyle().getFontIndex()).getBold())
                        .isTrue();
                assertThat(sheet.getColumnWidth(0)).isGreaterThanOrEqualTo(7 * 256);
            }
        }
    }

    @Test
    void summaryItemsInOrderWithSuppressionAndPrevalence() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Summary");
            List<String> items = List.of("Report generated at", "As-of date", "Patients",
                    "Patients excluded (bipolar)", "TRD", "Pseudo-resistant", "Not TRD", "Insufficient data",
                    "TRD prevalence", "Trials", "Evaluable trials", "Rows read", "Rows accepted", "Rows rejected");
            for (int i = 0; i < items.size(); i++) {
                assertThat(text(s, i + 1, 0)).isEqualTo(items.get(i));
            }
            Cell generated = cell(s, 1, 1);
            assertThat(DateUtil.isCellDateFormatted(generated)).isTrue();
            assertThat(generated.getLocalDateTimeCellValue()).isEqualTo(SampleModels.GENERATED_AT);
            Cell asOf = cell(s, 2, 1);
            assertThat(asOf.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd");
            assertThat(asOf.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(SampleModels.AS_OF);
            assertThat(number(s, 3, 1)).isEqualTo(310);
            assertThat(text(s, 4, 1)).isEqualTo("<5"); // 4 excluded as bipolar
            assertRate(s, 9, 1, 40.0 / (40 + 30 + 80));
            assertThat(number(s, 12, 1)).isEqualTo(1000);
            assertThat(number(s, 14, 1)).isEqualTo(15);

            int files = rowOf(s, "File");
            assertThat(header(s.getRow(files).getSheet()).size()).isEqualTo(2);
            List<String> fileHeader = new ArrayList<>();
            s.getRow(files).forEach(c -> fileHeader.add(c.getStringCellValue()));
            assertThat(fileHeader).containsExactly("File", "Kind", "Rows read", "Rows accepted", "Rows rejected",
                    "SHA-256");
            assertThat(text(s, files + 1, 0)).isEqualTo("patients.csv");
            assertThat(number(s, files + 1, 4)).isEqualTo(2); // row accounting is not suppressed
            assertThat(text(s, files + 2, 5)).isEqualTo("cd".repeat(32));

            int attrition = rowOf(s, "Attrition");
            assertThat(text(s, attrition, 1)).isEqualTo("Patients");
            assertThat(text(s, attrition + 1, 0)).isEqualTo("Patients in the input");
            assertThat(number(s, attrition + 5, 1)).isEqualTo(40);

            int reasons = rowOf(s, "Reason");
            assertThat(text(s, reasons, 1)).isEqualTo("Rows");
            assertThat(text(s, reasons + 1, 0)).isEqualTo("BAD_DATE");
            assertThat(number(s, reasons + 1, 1)).isEqualTo(3);
            assertThat(number(s, reasons + 2, 1)).isEqualTo(12);
        }
    }

    @Test
    void strategyRowComputedByHandWithSuppressionAtFive() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Strategy response");
            // Initial antidepressant: 120 trials, 100 evaluable, 45 responders, 30 remitters, TRD 20/6/3
            assertThat(text(s, 1, 0)).isEqualTo("Initial antidepressant");
            assertThat(number(s, 1, 1)).isEqualTo(120);
            assertThat(number(s, 1, 2)).isEqualTo(100);
            assertThat(number(s, 1, 3)).isEqualTo(45);
            assertRate(s, 1, 4, 0.45);
            // Wilson by hand: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n)
            double z = 1.959964;
            double p = 0.45;
            double n = 100;
            double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
            double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
            assertRate(s, 1, 5, centre - half);
            assertRate(s, 1, 6, centre + half);
            assertThat(number(s, 1, 7)).isEqualTo(30);
            assertRate(s, 1, 8, 0.30);
            assertThat(number(s, 1, 11)).isEqualTo(20);
            assertThat(number(s, 1, 12)).isEqualTo(6);
            assertRate(s, 1, 13, 6.0 / 20);
            assertThat(text(s, 1, 14)).isEqualTo("<5");
            assertThat(empty(s, 1, 15)).as("TRD remission rate of 3/20 hidden").isTrue();
            assertThat(cell(s, 1, 1).getCellStyle().getDataFormatString()).isEqualTo("0");

            // Dose increase: 3 responders → "<5", rate and CI hidden; 0 remitters shown, 0/30 = 0%
            assertThat(text(s, 2, 3)).isEqualTo("<5");
            assertThat(empty(s, 2, 4)).isTrue();
            assertThat(empty(s, 2, 5)).isTrue();
            assertThat(empty(s, 2, 6)).isTrue();
            assertThat(number(s, 2, 7)).isEqualTo(0);
            assertRate(s, 2, 8, 0.0);
            assertThat(empty(s, 2, 13)).as("no TRD evaluable trials, no rate").isTrue();

            // Switch: 38/40 responders — 2 non-responders could be worked back, so the rate is hidden
            assertThat(number(s, 3, 3)).isEqualTo(38);
            assertThat(empty(s, 3, 4)).isTrue();
            assertThat(empty(s, 3, 5)).isTrue();
            assertRate(s, 3, 8, 0.5);
            assertThat(empty(s, 3, 13)).as("9/10: difference 1").isTrue();

            // Combination: everything small
            assertThat(text(s, 4, 1)).isEqualTo("<5");
            assertThat(text(s, 4, 2)).isEqualTo("<5");
            for (int c : new int[] {4, 5, 6, 8, 9, 10}) {
                assertThat(empty(s, 4, c)).isTrue();
            }

            // a zero row: zeros shown, no rate
            assertThat(number(s, 5, 1)).isEqualTo(0);
            assertThat(empty(s, 5, 4)).isTrue();
        }
    }

    @Test
    void strategyRowWithSuppressionOff() throws IOException {
        try (XSSFWorkbook wb = written(1)) {
            Sheet s = wb.getSheet("Strategy response");
            assertThat(number(s, 1, 14)).isEqualTo(3);
            assertRate(s, 1, 15, 3.0 / 20);
            assertThat(number(s, 2, 3)).isEqualTo(3);
            assertRate(s, 2, 4, 3.0 / 30);
            assertRate(s, 3, 4, 38.0 / 40);
            assertRate(s, 3, 13, 9.0 / 10);
            assertThat(number(s, 4, 1)).isEqualTo(3);
            assertRate(s, 4, 4, 0.5);
            assertThat(number(s, 4, 5)).isCloseTo(0.0945, within(0.0001)); // Wilson 1/2
            assertThat(number(s, 4, 6)).isCloseTo(0.9055, within(0.0001));
        }
    }

    @Test
    void nineteenStrategiesThenTheirSum() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Strategy response");
            assertThat(s.getLastRowNum()).isEqualTo(20);
            assertThat(text(s, 19, 0)).isEqualTo("Other neurostimulation (DBS, VNS, tDCS)");
            assertThat(text(s, 20, 0)).isEqualTo("All strategies");
            OutcomeCounts sum = SampleModels.INITIAL.plus(SampleModels.DOSE_INCREASE).plus(SampleModels.SWITCH)
                    .plus(SampleModels.COMBINATION).plus(SampleModels.ECT);
            assertThat(number(s, 20, 1)).isEqualTo(120 + 40 + 50 + 3 + 25).isEqualTo(sum.trials());
            assertThat(number(s, 20, 2)).isEqualTo(100 + 30 + 40 + 2 + 20);
            assertThat(number(s, 20, 3)).isEqualTo(45 + 3 + 38 + 1 + 12);
            assertRate(s, 20, 4, 99.0 / 192);
            assertThat(number(s, 20, 7)).isEqualTo(30 + 0 + 20 + 1 + 8);
            assertRate(s, 20, 8, 59.0 / 192);
            assertThat(number(s, 20, 11)).isEqualTo(45);
            assertRate(s, 20, 13, 24.0 / 45);
            assertRate(s, 20, 15, 14.0 / 45);
        }
    }

    @Test
    void treatmentDetailRowsWithStrategyAndTreatment() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Treatment detail");
            assertThat(s.getLastRowNum()).isEqualTo(3);
            assertThat(text(s, 1, 0)).isEqualTo("Initial antidepressant");
            assertThat(text(s, 1, 1)).isEqualTo("sertraline");
            assertRate(s, 1, 5, 0.45);
            assertThat(text(s, 2, 1)).isEqualTo(SampleModels.RISKY_TREATMENT);
            assertThat(cell(s, 2, 1).getCellStyle().getQuotePrefixed()).isTrue();
        }
    }

    @Test
    void treatmentStepsCumulativeByHand() throws IOException {
        try (XSSFWorkbook wb = written(1)) {
            Sheet s = wb.getSheet("Treatment steps");
            double r1 = 66.0 / 180;
            double r2 = 24.0 / 80;
            double r3 = 3.0 / 25;
            double r4 = 2.0 / 8;
            assertRate(s, 1, 4, r1);
            assertRate(s, 1, 7, r1);
            assertRate(s, 2, 7, 1 - (1 - r1) * (1 - r2));
            assertRate(s, 3, 7, 1 - (1 - r1) * (1 - r2) * (1 - r3));
            assertRate(s, 4, 7, 1 - (1 - r1) * (1 - r2) * (1 - r3) * (1 - r4));
            assertRate(s, 2, 8, 90.0 / 180);
            assertRate(s, 4, 8, 94.0 / 180);
            assertRate(s, 1, 9, 0.368);
            assertRate(s, 4, 10, 0.670);
            assertThat(number(s, 4, 0)).isEqualTo(4);
        }
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Treatment steps");
            double r1 = 66.0 / 180;
            double r2 = 24.0 / 80;
            assertRate(s, 2, 7, 1 - (1 - r1) * (1 - r2));
            // step 3 has 3 remitters: its rate is hidden, and so is every cumulative from there on
            assertThat(text(s, 3, 3)).isEqualTo("<5");
            assertThat(empty(s, 3, 4)).isTrue();
            assertThat(empty(s, 3, 7)).isTrue();
            assertThat(empty(s, 4, 7)).isTrue();
            assertRate(s, 3, 8, 92.0 / 180); // observed cumulative has its own numerator and denominator
            assertRate(s, 3, 10, 0.627);
        }
    }

    @Test
    void patientsStreamedAndSplitOverNumberedSheets() throws IOException {
        try (XSSFWorkbook wb = written(SampleModels.model(5, true), SampleModels.patients(25),
                SampleModels.dataQuality(12), 10)) {
            assertThat(sheetNames(wb)).containsExactly("Summary", "Strategy response", "Treatment detail",
                    "Treatment steps", "Patients", "Data quality", "Definitions", "Definitions compared",
                    "Breakdowns", "Pathways", "After failure", "Trend", "Patients (2)", "Patients (3)", "Data quality (2)");
            assertThat(wb.getSheet("Patients").getLastRowNum()).isEqualTo(9);
            assertThat(wb.getSheet("Patients (2)").getLastRowNum()).isEqualTo(9);
            assertThat(wb.getSheet("Patients (3)").getLastRowNum()).isEqualTo(7);
            assertThat(header(wb.getSheet("Patients (3)"))).isEqualTo(header(wb.getSheet("Patients")));
            assertThat(text(wb.getSheet("Patients"), 1, 0)).isEqualTo("P00001");
            assertThat(text(wb.getSheet("Patients (2)"), 1, 0)).isEqualTo("P00010");
            assertThat(text(wb.getSheet("Patients (3)"), 7, 0)).isEqualTo("P00025");
            assertThat(wb.getSheet("Data quality").getLastRowNum()).isEqualTo(9);
            assertThat(wb.getSheet("Data quality (2)").getLastRowNum()).isEqualTo(3);
            assertThat(((XSSFSheet) wb.getSheet("Patients (3)")).getCTWorksheet().getAutoFilter().getRef())
                    .isEqualTo("A1:N8");
            Sheet summary = wb.getSheet("Summary");
            assertThat(text(summary, rowOf(summary, "Patients sheet"), 1))
                    .isEqualTo("split over 3 sheets: Patients, Patients (2), Patients (3)");
            assertThat(text(summary, rowOf(summary, "Data quality sheet"), 1))
                    .isEqualTo("split over 2 sheets: Data quality, Data quality (2)");
        }
    }

    @Test
    void patientRowsAreTypedAndNotSuppressed() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Patients");
            assertThat(text(s, 1, 1)).isEqualTo("+SUM(A1:A2)");
            assertThat(number(s, 1, 3)).isEqualTo(3); // a small number, but row-level sheets are not suppressed
            assertThat(number(s, 1, 8)).isEqualTo(4.5);
            assertThat(cell(s, 1, 8).getCellStyle().getDataFormatString()).isEqualTo("0.0");
            assertThat(number(s, 1, 9)).isEqualTo(7);
            assertThat(empty(s, 3, 9)).as("not staged").isTrue();
            assertThat(text(s, 2, 11)).isEqualTo("-1+1");
            assertThat(text(s, 1, 12)).isEqualTo("TRD");
            assertThat(text(s, 1, 13)).isEqualTo("NOT_TRD");
        }
    }

    @Test
    void dataQualityWithNothingToReportSaysSo() throws IOException {
        try (XSSFWorkbook wb = written(SampleModels.model(5, true), SampleModels.patients(2), SampleModels.none(),
                ReportWriter.EXCEL_MAX_ROWS)) {
            Sheet s = wb.getSheet("Data quality");
            assertThat(s.getLastRowNum()).isEqualTo(1);
            assertThat(text(s, 1, 5)).isEqualTo("No rejected rows and no warnings.");
        }
    }

    @Test
    void dataQualityRows() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Data quality");
            assertThat(s.getLastRowNum()).isEqualTo(3);
            assertThat(empty(s, 1, 1)).as("no line").isTrue();
            assertThat(text(s, 1, 3)).isEqualTo("@SUM(1)");
            assertThat(number(s, 2, 1)).isEqualTo(3);
            assertThat(text(s, 3, 4)).isEqualTo("BAD_DATE");
        }
    }

    @Test
    void noCellIsAFormula() throws IOException {
        try (XSSFWorkbook wb = written(SampleModels.model(5, true), SampleModels.patients(25),
                SampleModels.dataQuality(12), 10)) {
            int textCells = 0;
            for (Sheet s : wb) {
                for (Row r : s) {
                    for (Cell c : r) {
                        assertThat(c.getCellType()).as("%s!%s", s.getSheetName(), c.getAddress())
                                .isNotEqualTo(CellType.FORMULA);
                        if (c.getCellType() == CellType.STRING && CellWriter.looksLikeFormula(c.getStringCellValue())) {
                            textCells++;
                        }
                    }
                }
            }
            assertThat(textCells).as("the would-be formulas are there, as text").isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void definitionsListModelItemsThresholdMethodsAndSources() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Definitions");
            assertThat(text(s, 1, 0)).isEqualTo("Rules version");
            assertThat(text(s, 1, 1)).isEqualTo("2026.1");
            assertThat(number(s, 2, 1)).isEqualTo(6);
            assertThat(number(s, 3, 1)).isEqualTo(0.5);
            assertThat(number(s, rowOf(s, "Minimum cell count (small-cell suppression)"), 1)).isEqualTo(5);
            assertThat(text(s, rowOf(s, "Small counts shown as"), 1)).startsWith("<5");
            assertThat(text(s, rowOf(s, "95% confidence interval"), 1)).contains("Wilson", "1.959964");
            for (String source : List.of("Source: MGH-ATRQ", "Source: Thase-Rush stage", "Source: MGH-S",
                    "Source: Maudsley Staging Method", "Source: STAR*D", "Source: Wilson interval")) {
                assertThat(text(s, rowOf(s, source), 1)).isNotBlank();
            }
        }
    }

    @Test
    void definitionsComparedWithAgreementAndKappaUnsuppressed() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Definitions compared");
            assertThat(text(s, 1, 0)).isEqualTo("standard");
            assertThat(number(s, 1, 2)).isEqualTo(150);
            assertRate(s, 1, 4, 40.0 / 150);
            assertRate(s, 1, 5, 1.0);
            assertThat(number(s, 1, 6)).isCloseTo(1.0, within(EPS));
            // eu-pearl: a=38 b=2 c=17 d=93; p_o = 131/150; p_e = (40·55 + 110·95)/150²
            assertThat(text(s, 2, 1)).contains("Sforzini");
            double po = 131.0 / 150;
            double pe = (40.0 * 55 + 110.0 * 95) / (150.0 * 150);
            assertRate(s, 2, 5, po);
            assertThat(number(s, 2, 6)).isCloseTo((po - pe) / (1 - pe), within(EPS));
            // strict: 3 TRD → "<5" and prevalence hidden, agreement and kappa still shown
            assertThat(text(s, 3, 3)).isEqualTo("<5");
            assertThat(empty(s, 3, 4)).isTrue();
            assertRate(s, 3, 5, 113.0 / 150);
            assertThat(cell(s, 3, 6)).isNotNull();
        }
    }

    @Test
    void breakdownsInGivenOrderWithSuppression() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Breakdowns");
            assertThat(text(s, 1, 1)).isEqualTo("North");
            assertThat(text(s, 3, 1)).isEqualTo("(not given)");
            assertRate(s, 1, 4, 30.0 / 120);
            assertRate(s, 1, 7, 60.0 / 150);
            assertRate(s, 1, 9, 40.0 / 150);
            assertThat(text(s, 2, 2)).isEqualTo("<5");
            assertThat(empty(s, 2, 4)).isTrue();
            assertThat(empty(s, 2, 7)).isTrue();
            assertRate(s, 3, 7, 0.0);
            assertRate(s, 3, 4, 9.0 / 27);
        }
    }

    @Test
    void noHiddenCountCanBeWorkedBackFromAShownRateOnTheSameRow() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet s = wb.getSheet("Strategy response");
            // a shown rate (with its interval) gives away numerator, denominator and their difference
            int[][] rates = {{3, 2, 4}, {7, 2, 8}, {12, 11, 13}, {14, 11, 15}}; // numerator, denominator, rate
            for (int r = 1; r <= 20; r++) {
                for (int[] rate : rates) {
                    if (!empty(s, r, rate[2])) {
                        assertThat(cell(s, r, rate[0]).getCellType()).as("row %d col %d", r, rate[0])
                                .isEqualTo(CellType.NUMERIC);
                        assertThat(cell(s, r, rate[1]).getCellType()).isEqualTo(CellType.NUMERIC);
                        double difference = number(s, r, rate[1]) - number(s, r, rate[0]);
                        assertThat(difference == 0 || difference >= 5).as("row %d difference", r).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void chartsAreNativeAndFedFromTheTables() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            XSSFSheet strategies = wb.getSheet("Strategy response");
            List<XSSFChart> charts = strategies.getDrawingPatriarch().getCharts();
            assertThat(charts).hasSize(1);
            XSSFChart bar = charts.get(0);
            assertThat(bar.getChartSeries()).hasSize(1);
            assertThat(bar.getChartSeries().get(0).getSeriesCount()).isEqualTo(2);
            String barXml = bar.getCTChart().toString();
            assertThat(barXml).contains("'Strategy response'!$E$2:$E$20", "'Strategy response'!$I$2:$I$20",
                    "'Strategy response'!$A$2:$A$20", "<c:barDir val=\"bar\"/>",
                    "<c:dispBlanksAs val=\"gap\"/>");
            // the hidden response rate of "Dose increase" (3 responders) is left out, not plotted as 0
            // response rates shown: Initial antidepressant (0) and ECT (16) only; 0% remission of Dose increase is kept
            var responseCache = bar.getCTChart().getPlotArea().getBarChartArray(0).getSerArray(0).getVal()
                    .getNumRef().getNumCache();
            assertThat(responseCache.getPtCount().getVal()).isEqualTo(19);
            assertThat(responseCache.getPtList()).extracting(pt -> pt.getIdx()).containsExactly(0L, 16L);
            var remissionCache = bar.getCTChart().getPlotArea().getBarChartArray(0).getSerArray(1).getVal()
                    .getNumRef().getNumCache();
            assertThat(remissionCache.getPtList()).extracting(pt -> pt.getIdx()).containsExactly(0L, 1L, 2L, 16L);
            assertThat(bar.getChartSeries().get(0).getSeries(0).getValuesData().getPointCount()).isEqualTo(19);

            XSSFSheet steps = wb.getSheet("Treatment steps");
            List<XSSFChart> lines = steps.getDrawingPatriarch().getCharts();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).getChartSeries().get(0).getSeriesCount()).isEqualTo(3);
            assertThat(lines.get(0).getCTChart().toString()).contains("'Treatment steps'!$H$2:$H$5",
                    "'Treatment steps'!$K$2:$K$5", "lineChart");
        }
    }

    @Test
    void pathwaysWithSharesRemissionAndPooledRowsAtFive() throws IOException {
        try (XSSFWorkbook wb = written(SampleModels.withPathways(5), SampleModels.patients(2),
                SampleModels.dataQuality(1), ReportWriter.EXCEL_MAX_ROWS)) {
            Sheet s = wb.getSheet("Pathways");
            assertThat(text(s, 1, 0)).isEqualTo("Initial antidepressant");
            assertThat(number(s, 1, 1)).isEqualTo(1.0);
            assertThat(number(s, 1, 2)).isEqualTo(174.0);
            assertRate(s, 1, 3, 174 / 240.0);
            assertRate(s, 1, 5, 90 / 174.0);
            // Other pathways: 6 episodes shown, 4 remitted hidden and its rate empty; Steps empty
            assertThat(text(s, 3, 0)).isEqualTo("Other pathways");
            assertThat(empty(s, 3, 1)).isTrue();
            assertThat(number(s, 3, 2)).isEqualTo(6.0);
            assertRate(s, 3, 3, 6 / 240.0);
            assertThat(text(s, 3, 4)).isEqualTo("<5");
            assertThat(empty(s, 3, 5)).isTrue();
            assertThat(text(s, 4, 0)).isEqualTo("All pathways");
            assertRate(s, 4, 3, 1.0);
            assertRate(s, 4, 5, 114 / 240.0);
            assertThat(((XSSFSheet) s).getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:F5");
            // the chart's block after a blank row: shares with the rate rule (237/240: difference 3 hidden)
            assertThat(text(s, 6, 0)).isEqualTo("Strategy at step");
            assertThat(text(s, 6, 4)).isEqualTo("Step 4");
            assertThat(text(s, 7, 0)).isEqualTo("Initial antidepressant");
            assertThat(empty(s, 7, 1)).isTrue();
            assertRate(s, 7, 2, 0.0);
            assertThat(empty(s, 7, 3)).as("0 of 1 entering: denominator hidden").isTrue();
            assertRate(s, 8, 2, 61 / 66.0);
            assertThat(empty(s, 9, 1)).as("3 of 240: numerator hidden").isTrue();
            assertRate(s, 9, 2, 5 / 66.0);
        }
    }

    @Test
    void pathwaysChartIsANativeStackedColumnChartOfTheBlock() throws IOException {
        try (XSSFWorkbook wb = written(SampleModels.withPathways(5), SampleModels.patients(2),
                SampleModels.dataQuality(1), ReportWriter.EXCEL_MAX_ROWS)) {
            List<XSSFChart> charts = wb.getSheet("Pathways").getDrawingPatriarch().getCharts();
            assertThat(charts).hasSize(1);
            String xml = charts.get(0).getCTChart().toString();
            assertThat(xml).contains("<c:barDir val=\"col\"/>", "<c:grouping val=\"stacked\"/>",
                    "<c:overlap val=\"100\"/>", "Pathways!$B$7:$E$7", "Pathways!$B$8:$E$8",
                    "Pathways!$B$10:$E$10", "Pathways!$A$8", "<c:dispBlanksAs val=\"gap\"/>");
            var bar = charts.get(0).getCTChart().getPlotArea().getBarChartArray(0);
            assertThat(bar.getSerArray()).hasSize(3);
            // hidden shares are left out of the cache, not drawn as 0
            assertThat(bar.getSerArray(0).getVal().getNumRef().getNumCache().getPtList())
                    .extracting(pt -> pt.getIdx()).containsExactly(1L);
        }
    }

    @Test
    void afterFailureRowsWithResponseRemissionAndWilson() throws IOException {
        try (XSSFWorkbook wb = written(SampleModels.withPathways(5), SampleModels.patients(2),
                SampleModels.dataQuality(1), ReportWriter.EXCEL_MAX_ROWS)) {
            Sheet s = wb.getSheet("After failure");
            assertThat(number(s, 1, 0)).isEqualTo(1.0);
            assertThat(text(s, 1, 1)).isEqualTo("Switch antidepressant");
            assertThat(number(s, 1, 2)).isEqualTo(30.0);
            assertRate(s, 1, 5, 10 / 25.0);
            assertRate(s, 1, 7, 8 / 25.0);
            // Wilson interval of 8 of 25 (pocket calculator, z = 1.959964)
            assertThat(number(s, 1, 8)).isCloseTo(0.172052, within(1e-6));
            assertThat(number(s, 1, 9)).isCloseTo(0.515897, within(1e-6));
            // ECT: 3 episodes, 3 evaluable, 2 responders: all hidden, rates empty
            assertThat(text(s, 2, 2)).isEqualTo("<5");
            assertThat(empty(s, 2, 5)).isTrue();
            assertThat(empty(s, 2, 7)).isTrue();
            assertThat(empty(s, 2, 8)).isTrue();
            // k = 2 and 3 present with zeros and no rate
            assertThat(number(s, 4, 0)).isEqualTo(2.0);
            assertThat(text(s, 4, 1)).isEqualTo("All strategies");
            assertThat(number(s, 4, 2)).isEqualTo(0.0);
            assertThat(empty(s, 4, 5)).isTrue();
            assertThat(number(s, 5, 0)).isEqualTo(3.0);
        }
    }

    @Test
    void aModelWithoutPathwayCountsStillHasTheTotalRows() throws IOException {
        try (XSSFWorkbook wb = written(5)) {
            Sheet p = wb.getSheet("Pathways");
            assertThat(text(p, 1, 0)).isEqualTo("Other pathways");
            assertThat(text(p, 2, 0)).isEqualTo("All pathways");
            assertThat(number(p, 2, 2)).isEqualTo(0.0);
            Sheet a = wb.getSheet("After failure");
            for (int k = 1; k <= 3; k++) {
                assertThat(number(a, k, 0)).isEqualTo(k);
                assertThat(text(a, k, 1)).isEqualTo("All strategies");
            }
        }
    }
}
