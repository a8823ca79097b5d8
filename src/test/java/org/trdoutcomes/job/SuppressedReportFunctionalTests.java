package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * The hand-worked fixture with the default suppression threshold (5): small counts show as {@code <5} and no
 * rate that could give one away is shown. The counts behind each expectation are in
 * {@link HandWorkedExtractFunctionalTests} and the fixture's README.
 */
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "spring.datasource.url=jdbc:h2:file:./target/test-db/suppressed-${random.uuid}"})
class SuppressedReportFunctionalTests {

    @Autowired
    JobLaunch launch;

    @Test
    void smallCountsAreHiddenAndNoHiddenCountCanBeWorkedBack(@TempDir Path output) throws Exception {
        JobLaunch.Outcome outcome = launch.run(new LaunchOptions(HandWorkedExtractFunctionalTests.FIXTURE
                .toAbsolutePath(), output, HandWorkedExtractFunctionalTests.AS_OF, false));
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);

        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            // Summary: 8 patients shown; 1 excluded, 2 TRD, 1, 1, 3 hidden; prevalence 2/4 hidden
            assertThat(wb.summary("Patients")).isEqualTo(8.0);
            assertThat(wb.summary("TRD")).isEqualTo("<5");
            assertThat(wb.summary("Insufficient data")).isEqualTo("<5");
            assertThat(wb.summary("TRD prevalence")).isNull();
            // row accounting is about file rows, not people: shown
            assertThat(wb.summary("Rows rejected")).isEqualTo(1.0);

            // Initial antidepressant: 5 trials shown; 4 evaluable, 1 responder hidden, and so every rate
            Map<String, Object> initial = wb.row("Strategy response", "Initial antidepressant");
            assertThat(initial).containsEntry("Trials", 5.0).containsEntry("Evaluable", "<5")
                    .containsEntry("Responders", "<5").containsEntry("Response rate", null)
                    .containsEntry("Response CI low", null).containsEntry("Remission rate", null)
                    .containsEntry("TRD evaluable", 0.0);
            Map<String, Object> all = wb.row("Strategy response", "All strategies");
            assertThat(all).containsEntry("Trials", 10.0).containsEntry("Evaluable", 9.0)
                    .containsEntry("Responders", "<5").containsEntry("Response rate", null);

            // every cell of Strategy response: counts 1-4 show as "<5", a rate beside a hidden count is empty
            String h = "<5";
            List<Map<String, Object>> strategies = wb.table("Strategy response");
            assertThat(strategies).hasSize(20);
            assertCells(strategies.get(0), STRATEGY_COLUMNS, "Initial antidepressant", 5, h, h, null, null, null, h,
                    null, null, null, 0, 0, null, 0, null);
            assertCells(strategies.get(2), STRATEGY_COLUMNS, "Switch antidepressant", h, h, 0, null, null, null, 0,
                    null, null, null, 0, 0, null, 0, null);
            assertCells(strategies.get(4), STRATEGY_COLUMNS, "Augmentation: lithium", h, h, h, null, null, null, h,
                    null, null, null, h, h, null, h, null);
            assertCells(strategies.get(16), STRATEGY_COLUMNS, "ECT", h, h, h, null, null, null, h, null, null, null,
                    0, 0, null, 0, null);
            assertCells(strategies.get(19), STRATEGY_COLUMNS, "All strategies", 10, 9, h, null, null, null, h, null,
                    null, null, h, h, null, h, null);
            for (int i : new int[] {1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18}) {
                assertCells(strategies.get(i), STRATEGY_COLUMNS, strategies.get(i).get("Strategy"), 0, 0, 0, null,
                        null, null, 0, null, null, null, 0, 0, null, 0, null);
            }

            // every cell of Treatment steps; STAR*D's published figures are not counts of ours and stay
            List<Map<String, Object>> stepRows = wb.table("Treatment steps");
            assertCells(stepRows.get(0), STEP_COLUMNS, 1, 6, 5, h, null, null, null, null, null, 0.368, 0.368);
            assertCells(stepRows.get(1), STEP_COLUMNS, 2, h, h, 0, null, null, null, null, null, 0.306, 0.561392);
            assertCells(stepRows.get(2), STEP_COLUMNS, 3, h, h, h, null, null, null, null, null, 0.137, 0.621481);
            assertCells(stepRows.get(3), STEP_COLUMNS, 4, 0, 0, 0, null, null, null, null, null, 0.13, 0.670689);

            // step 1: 6 entered, 5 evaluable shown, 2 remitters hidden, so the rate and the cumulative too
            Map<String, Object> step1 = wb.table("Treatment steps").get(0);
            assertThat(step1).containsEntry("Entered", 6.0).containsEntry("Evaluable", 5.0)
                    .containsEntry("Remitters", "<5").containsEntry("Remission rate", null)
                    .containsEntry("Cumulative remission", null);

            // Definitions compared: TRD counts hidden, agreement and kappa are whole-group statistics
            Map<String, Object> euPearl = wb.row("Definitions compared", "eu-pearl");
            assertThat(euPearl).containsEntry("TRD", "<5").containsEntry("TRD prevalence", null)
                    .containsEntry("Agreement with standard", 0.75).containsEntry("Kappa", 0.5);

            // the threshold in force is stated
            assertThat(wb.table("Definitions").stream().map(r -> String.valueOf(r.values())))
                    .anyMatch(v -> v.contains("5"));

            for (String sheet : List.of("Summary", "Strategy response", "Treatment detail", "Treatment steps",
                    "Definitions compared", "Breakdowns")) {
                assertNoRateNextToAHiddenCount(wb, sheet);
            }
            assertNoFormulaAnywhere(wb);
        }
    }

    /**
     * report.md: a rate is left empty when its numerator, its denominator or their difference is a hidden count;
     * otherwise the hidden count could be worked back from the rate. Checked for every (numerator, denominator,
     * rate) triple of every row.
     */
    private static void assertNoRateNextToAHiddenCount(WorkbookReader wb, String sheet) {
        if (sheet.equals("Summary")) {
            assertThat(wb.summary("TRD")).isEqualTo("<5");
            assertThat(wb.summary("TRD prevalence")).isNull();
            return;
        }
        String[][] pairs = {
                {"Responders", "Evaluable", "Response rate"}, {"Remitters", "Evaluable", "Remission rate"},
                {"TRD responders", "TRD evaluable", "TRD response rate"},
                {"TRD remitters", "TRD evaluable", "TRD remission rate"},
                {"Responders", "Evaluable trials", "Response rate"}, {"Remitters", "Evaluable trials", "Remission rate"},
                {"TRD", "Assessed", "TRD prevalence"}};
        for (Map<String, Object> row : wb.table(sheet)) {
            for (String[] p : pairs) {
                if (!row.containsKey(p[0]) || !row.containsKey(p[1]) || !row.containsKey(p[2])) {
                    continue;
                }
                boolean hidden = "<5".equals(row.get(p[0])) || "<5".equals(row.get(p[1]));
                if (hidden) {
                    assertThat(row.get(p[2])).as("%s on %s row %s", p[2], sheet, row).isNull();
                }
                if (row.get(p[0]) instanceof Double num && row.get(p[1]) instanceof Double den
                        && row.get(p[2]) != null) {
                    double difference = den - num;
                    assertThat(difference >= 1 && difference < 5).as("difference hidden by %s on %s row %s", p[2],
                            sheet, row).isFalse();
                }
            }
        }
    }

    private static void assertNoFormulaAnywhere(WorkbookReader wb) {
        for (Sheet sheet : wb.workbook()) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    assertThat(cell.getCellType()).as("%s!%s", sheet.getSheetName(), cell.getAddress())
                            .isNotEqualTo(CellType.FORMULA);
                }
            }
        }
    }

    static final String[] STRATEGY_COLUMNS = {"Strategy", "Trials", "Evaluable", "Responders", "Response rate",
            "Response CI low", "Response CI high", "Remitters", "Remission rate", "Remission CI low",
            "Remission CI high", "TRD evaluable", "TRD responders", "TRD response rate", "TRD remitters",
            "TRD remission rate"};
    static final String[] STEP_COLUMNS = {"Step", "Entered", "Evaluable", "Remitters", "Remission rate",
            "Remission CI low", "Remission CI high", "Cumulative remission", "Observed cumulative remission",
            "STAR*D remission", "STAR*D cumulative remission"};

    /** Text cells equal, numbers within 1e-5, null = an empty cell. */
    private static void assertCells(Map<String, Object> row, String[] columns, Object... expected) {
        assertThat(expected).hasSameSizeAs(columns);
        for (int i = 0; i < columns.length; i++) {
            Object actual = row.get(columns[i]);
            if (expected[i] instanceof Number n) {
                assertThat(actual).as("%s of %s", columns[i], row).isInstanceOf(Double.class);
                assertThat((Double) actual).as("%s of %s", columns[i], row).isCloseTo(n.doubleValue(),
                        org.assertj.core.api.Assertions.within(1e-5));
            } else {
                assertThat(actual).as("%s of %s", columns[i], row).isEqualTo(expected[i]);
            }
        }
    }
}
