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
            // Summary: 15 patients, 5 TRD and 5 not TRD shown; 1 excluded, 1 pseudo-resistant, 3 insufficient
            // hidden; prevalence 5/11 shown (5, 11 and 6 all at least 5)
            assertThat(wb.summary("Patients")).isEqualTo(15.0);
            assertThat(wb.summary("TRD")).isEqualTo(5.0);
            assertThat(wb.summary("Not TRD")).isEqualTo(5.0);
            assertThat(wb.summary("Pseudo-resistant")).isEqualTo("<5");
            assertThat(wb.summary("Insufficient data")).isEqualTo("<5");
            assertThat((Double) wb.summary("TRD prevalence")).isCloseTo(5 / 11.0,
                    org.assertj.core.api.Assertions.within(1e-9));
            // row accounting is about file rows, not people: shown
            assertThat(wb.summary("Rows rejected")).isEqualTo(1.0);

            // Initial antidepressant: 12 trials and 11 evaluable shown; 3 responders hidden, and so every rate
            Map<String, Object> initial = wb.row("Strategy response", "Initial antidepressant");
            assertThat(initial).containsEntry("Trials", 12.0).containsEntry("Evaluable", 11.0)
                    .containsEntry("Responders", "<5").containsEntry("Response rate", null)
                    .containsEntry("Response CI low", null).containsEntry("Remission rate", null)
                    .containsEntry("TRD evaluable", 0.0);

            // every cell of Strategy response: counts 1-4 show as "<5", a rate beside a hidden count is empty
            String h = "<5";
            List<Map<String, Object>> strategies = wb.table("Strategy response");
            assertThat(strategies).hasSize(20);
            assertCells(strategies.get(0), STRATEGY_COLUMNS, "Initial antidepressant", 12, 11, h, null, null, null,
                    h, null, null, null, 0, 0, null, 0, null);
            assertCells(strategies.get(2), STRATEGY_COLUMNS, "Switch antidepressant", 11, 9, h, null, null, null, h,
                    null, null, null, h, h, null, h, null);
            assertCells(strategies.get(3), STRATEGY_COLUMNS, "Antidepressant combination", h, h, 0, null, null, null,
                    0, null, null, null, 0, 0, null, 0, null);
            assertCells(strategies.get(4), STRATEGY_COLUMNS, "Augmentation: lithium", h, h, h, null, null, null, h,
                    null, null, null, h, h, null, h, null);
            assertCells(strategies.get(6), STRATEGY_COLUMNS, "Augmentation: atypical antipsychotic", h, h, 0, null,
                    null, null, 0, null, null, null, h, 0, null, 0, null);
            assertCells(strategies.get(16), STRATEGY_COLUMNS, "ECT", h, h, h, null, null, null, h, null, null, null,
                    h, h, null, h, null);
            // All strategies: 8 of 25 and 7 of 25 shown with their intervals; TRD 4 and 3 of 6 hidden
            assertCells(strategies.get(19), STRATEGY_COLUMNS, "All strategies", 28, 25, 8, 0.32, 0.172052, 0.515897,
                    7, 0.28, 0.142839, 0.475766, 6, h, null, h, null);
            for (int i : new int[] {1, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18}) {
                assertCells(strategies.get(i), STRATEGY_COLUMNS, strategies.get(i).get("Strategy"), 0, 0, 0, null,
                        null, null, 0, null, null, null, 0, 0, null, 0, null);
            }

            // every cell of Treatment steps; STAR*D's published figures are not counts of ours and stay
            List<Map<String, Object>> stepRows = wb.table("Treatment steps");
            assertCells(stepRows.get(0), STEP_COLUMNS, 1, 13, 12, h, null, null, null, null, null, 0.368, 0.368);
            // 0 of 6 is shown; the cumulative stays empty because step 1's rate is hidden
            assertCells(stepRows.get(1), STEP_COLUMNS, 2, 7, 6, 0, 0.0, 0.0, 0.390334, null, null, 0.306, 0.561392);
            assertCells(stepRows.get(2), STEP_COLUMNS, 3, 5, h, h, null, null, null, null, 0.5, 0.137, 0.621481);
            assertCells(stepRows.get(3), STEP_COLUMNS, 4, h, h, 0, null, null, null, null, 0.5, 0.13, 0.670689);

            // Definitions compared: TRD counts hidden, agreement and kappa are whole-group statistics
            Map<String, Object> euPearl = wb.row("Definitions compared", "eu-pearl");
            assertThat(euPearl).containsEntry("TRD", "<5").containsEntry("TRD prevalence", null);
            assertThat((Double) euPearl.get("Agreement with standard")).isCloseTo(10 / 11.0,
                    org.assertj.core.api.Assertions.within(1e-9));
            assertThat((Double) euPearl.get("Kappa")).isCloseTo(48 / 59.0, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(wb.row("Definitions compared", "switch-proxy")).containsEntry("TRD", "<5")
                    .containsEntry("TRD prevalence", null);

            // Pathways: only "Initial antidepressant" has 5 episodes; the other 8 are pooled
            List<Map<String, Object>> pathways = wb.table("Pathways");
            assertCells(pathways.get(0), PATHWAY_COLUMNS, "Initial antidepressant", 1, 5, 5 / 13.0, h, null);
            assertCells(pathways.get(1), PATHWAY_COLUMNS, "Other pathways", null, 8, 8 / 13.0, h, null);
            assertCells(pathways.get(2), PATHWAY_COLUMNS, "All pathways", null, 13, 1.0, 6, 6 / 13.0);
            assertThat(pathways).hasSize(3);
            assertThat((Double) pathways.get(0).get("Episodes") + (Double) pathways.get(1).get("Episodes"))
                    .isEqualTo(pathways.get(2).get("Episodes")).isEqualTo(stepRows.get(0).get("Entered"));
            // the chart's shares follow the rate rule: 12/13 and 3/5 hidden, 0/7 and 7/7 shown
            Map<String, Object> initialAtStep = HandWorkedExtractFunctionalTests.strategyAtStep(wb,
                    "Initial antidepressant");
            assertThat(initialAtStep).containsEntry("Step 1", null).containsEntry("Step 2", 0.0)
                    .containsEntry("Step 3", 0.0).containsEntry("Step 4", null);
            assertThat(HandWorkedExtractFunctionalTests.strategyAtStep(wb, "Switch antidepressant"))
                    .containsEntry("Step 1", 0.0).containsEntry("Step 2", 1.0).containsEntry("Step 3", null)
                    .containsEntry("Step 4", null);

            // After failure: k = 1 shown (7, 6, 0 of 6), the rest hidden or zero with no rate beside them
            List<Map<String, Object>> after = wb.table("After failure");
            assertCells(after.get(0), AFTER_FAILURE_COLUMNS, 1, "Switch antidepressant", 7, 6, 0, 0.0, 0, 0.0, 0.0,
                    0.390334);
            assertCells(after.get(1), AFTER_FAILURE_COLUMNS, 1, "All strategies", 7, 6, 0, 0.0, 0, 0.0, 0.0,
                    0.390334);
            assertCells(after.get(2), AFTER_FAILURE_COLUMNS, 2, "Switch antidepressant", h, h, h, null, h, null, null,
                    null);
            assertCells(after.get(3), AFTER_FAILURE_COLUMNS, 2, "Antidepressant combination", h, h, 0, null, 0, null,
                    null, null);
            assertCells(after.get(4), AFTER_FAILURE_COLUMNS, 2, "Augmentation: lithium", h, h, h, null, h, null, null,
                    null);
            assertCells(after.get(5), AFTER_FAILURE_COLUMNS, 2, "All strategies", h, h, h, null, h, null, null, null);
            assertCells(after.get(6), AFTER_FAILURE_COLUMNS, 3, "Switch antidepressant", h, h, h, null, 0, null, null,
                    null);
            assertCells(after.get(7), AFTER_FAILURE_COLUMNS, 3, "Augmentation: atypical antipsychotic", h, h, 0, null,
                    0, null, null, null);
            assertCells(after.get(8), AFTER_FAILURE_COLUMNS, 3, "All strategies", h, h, h, null, 0, null, null, null);

            // the threshold in force is stated
            assertThat(wb.table("Definitions").stream().map(r -> String.valueOf(r.values())))
                    .anyMatch(v -> v.contains("5"));

            for (String sheet : List.of("Summary", "Strategy response", "Treatment detail", "Treatment steps",
                    "Definitions compared", "Breakdowns", "Pathways", "After failure")) {
                assertNoRateNextToAHiddenCount(wb, sheet);
            }
            assertNoFormulaAnywhere(wb);
        }
    }

    /**
     * docs/workbook-contract.md: a rate is left empty when its numerator, its denominator or their difference is a hidden count;
     * otherwise the hidden count could be worked back from the rate. Checked for every (numerator, denominator,
     * rate) triple of every row.
     */
    private static void assertNoRateNextToAHiddenCount(WorkbookReader wb, String sheet) {
        if (sheet.equals("Summary")) {
            // TRD 5 of 11 assessed: shown because TRD, the assessed and the 6 others are all at least 5
            assertThat(wb.summary("TRD")).isEqualTo(5.0);
            assertThat(wb.summary("Pseudo-resistant")).isEqualTo("<5");
            return;
        }
        String[][] pairs = {
                {"Responders", "Evaluable", "Response rate"}, {"Remitters", "Evaluable", "Remission rate"},
                {"TRD responders", "TRD evaluable", "TRD response rate"},
                {"TRD remitters", "TRD evaluable", "TRD remission rate"},
                {"Responders", "Evaluable trials", "Response rate"}, {"Remitters", "Evaluable trials", "Remission rate"},
                {"TRD", "Assessed", "TRD prevalence"}, {"Remitted", "Episodes", "Remission rate"}};
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
    static final String[] PATHWAY_COLUMNS = {"Pathway", "Steps", "Episodes", "Share of episodes", "Remitted",
            "Remission rate"};
    static final String[] AFTER_FAILURE_COLUMNS = {"After failed step", "Next strategy", "Episodes", "Evaluable",
            "Responders", "Response rate", "Remitters", "Remission rate", "Remission CI low", "Remission CI high"};
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
