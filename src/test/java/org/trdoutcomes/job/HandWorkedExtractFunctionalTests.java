package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * The whole job on the hand-worked fixture (src/test/resources/fixtures/handworked, whose README works every
 * number out from docs/clinical-rules.md), through Spring Batch on an H2 file database, reading the workbook back.
 * Suppression is off here so that every count can be compared; {@code SuppressedReportFunctionalTests} covers it.
 */
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "trd.report.min-cell-count=1",
        "trd.staging.retain=true", // the staged rows are checked below; by default a completed run deletes them
        "spring.datasource.url=jdbc:h2:file:./target/test-db/handworked-${random.uuid}"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandWorkedExtractFunctionalTests {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/handworked");
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

    @Autowired
    JobLaunch launch;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TrdProperties properties;

    Path output;
    JobLaunch.Outcome outcome;

    @BeforeAll
    void runTheJobOnceOnTheFixture(@TempDir Path reports) {
        output = reports;
        outcome = launch.run(new LaunchOptions(FIXTURE.toAbsolutePath(), output, AS_OF, false));
    }

    @Test
    void classifiesStagesAndCountsTheFixtureAsWorkedOutByHand() throws Exception {
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(outcome.report()).exists()
                .hasFileName("trd-outcomes-2026-06-30-" + outcome.execution().getId() + ".xlsx");
        assertThat(output.resolve("trd-outcomes-latest.xlsx")).exists();
        assertThat(Files.list(output).map(p -> p.getFileName().toString()))
                .as("no temporary file left behind").noneMatch(n -> n.startsWith("."));

        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            assertThat(wb.sheetNames()).startsWith("Summary", "Strategy response", "Treatment detail",
                    "Treatment steps", "Patients", "Data quality", "Definitions", "Definitions compared", "Breakdowns",
                    "Pathways", "After failure");

            // Summary
            assertThat(wb.summary("As-of date")).isNotNull();
            assertThat(wb.summary("Patients")).isEqualTo(15.0);
            assertThat(wb.summary("Patients excluded (bipolar)")).isEqualTo(1.0);
            assertThat(wb.summary("TRD")).isEqualTo(5.0);
            assertThat(wb.summary("Pseudo-resistant")).isEqualTo(1.0);
            assertThat(wb.summary("Not TRD")).isEqualTo(5.0);
            assertThat(wb.summary("Insufficient data")).isEqualTo(3.0);
            assertThat((Double) wb.summary("TRD prevalence")).isCloseTo(5 / 11.0, within(1e-9));
            assertThat(wb.summary("Trials")).isEqualTo(28.0);
            assertThat(wb.summary("Evaluable trials")).isEqualTo(25.0);
            assertThat(wb.summary("Rows read")).isEqualTo(45.0);
            assertThat(wb.summary("Rows accepted")).isEqualTo(44.0);
            assertThat(wb.summary("Rows rejected")).isEqualTo(1.0);

            // Patients: one row per patient, by id
            List<Map<String, Object>> patients = wb.table("Patients");
            assertThat(patients).extracting(r -> r.get("Patient"))
                    .containsExactly("P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10", "P11",
                            "P12", "P13", "P14", "P15");
            assertThat(patients).extracting(r -> r.get("Classification")).containsExactly("TRD", "NOT_TRD",
                    "EXCLUDED_BIPOLAR", "PSEUDO_RESISTANT", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA",
                    "INSUFFICIENT_DATA", "TRD", "TRD", "TRD", "TRD", "NOT_TRD", "NOT_TRD", "NOT_TRD", "NOT_TRD");
            // switch-proxy from the course sequence alone (README "switch-proxy, patient by patient"): P09 switches
            // after a 98-day gap and again; P12 switches twice without scores; P10's 99-day gap and switch back,
            // P11's 28-day course and overlap leave one switch or none
            assertThat(wb.header("Patients")).endsWith("Classification (eu-pearl)", "Classification (strict)",
                    "Classification (any-failure)", "Classification (switch-proxy)", "Previous classification");
            assertThat(patients).extracting(r -> r.get("Classification (switch-proxy)")).containsExactly("NOT_TRD",
                    "NOT_TRD", "EXCLUDED_BIPOLAR", "NOT_TRD", "NOT_TRD", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA",
                    "NOT_TRD", "TRD", "NOT_TRD", "NOT_TRD", "TRD", "NOT_TRD", "NOT_TRD", "NOT_TRD");
            assertThat(patients.get(10)).containsEntry("Flags", "SHORT_TRIAL")
                    .containsEntry("Classification (eu-pearl)", "TRD");
            Map<String, Object> p01 = patients.get(0);
            assertThat(p01).containsEntry("Site", "NORTH").containsEntry("Episode", 1.0)
                    .containsEntry("Antidepressant trials", 2.0).containsEntry("Failed agents", 2.0)
                    .containsEntry("Adequately failed agents", 2.0).containsEntry("Thase-Rush stage", 2.0)
                    .containsEntry("MGH-S", 2.0).containsEntry("MSM score", 8.0)
                    .containsEntry("MSM category", "moderate");
            assertThat(patients.get(3)).containsEntry("Flags", "HYPOTHYROIDISM;LOW_DOSE;SHORT_TRIAL;STOPPED_FOR_SIDE_EFFECTS")
                    .containsEntry("Thase-Rush stage", 0.0).containsEntry("MSM score", null);
            assertThat(patients.get(7)).containsEntry("MSM score", 7.0).containsEntry("MSM category", "moderate")
                    .containsEntry("Classification (eu-pearl)", "NOT_TRD")
                    .containsEntry("Classification (any-failure)", "TRD");
            assertThat(patients.get(3)).containsEntry("Classification (any-failure)", "TRD");

            // Data quality: the duplicate row and the trial of a patient no patients file names
            List<Map<String, Object>> quality = wb.table("Data quality");
            assertThat(quality).anySatisfy(r -> assertThat(r).containsEntry("File", "trials.csv")
                    .containsEntry("Line", 14.0).containsEntry("Reason", "DUPLICATE_ROW"));
            assertThat(quality).anySatisfy(r -> assertThat(r).containsEntry("File", "trials.csv")
                    .containsEntry("Line", 11.0).containsEntry("Column", "patient_id").containsEntry("Value", "P06")
                    .containsEntry("Reason", "PATIENT_NOT_IN_PATIENTS_FILES"));
        }

        // staged rows = 30 accepted trials, the duplicate of line 14 (rejected once its bucket is reconciled), and
        // 14 patients-file rows
        assertThat(OpsFixtures.stagedRows(properties, outcome.execution())).isEqualTo(30L + 1L + 14L);
        OpsFixtures.assertStagedEqualsAccepted(properties, jdbc, outcome.execution(), outcome.report());
    }

    @Test
    void strategyResponseMatchesTheHandCount() throws Exception {
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            List<Map<String, Object>> rows = wb.table("Strategy response");
            assertThat(rows).hasSize(20);
            assertThat(rows.get(19).get("Strategy")).isEqualTo("All strategies");
            // Initial antidepressant: 12 trials, P05's ongoing mirtazapine not evaluable; P02, P13, P14 respond and
            // remit; P03's trials are left out (bipolar); a step 1 is never in TRD at start
            assertRow(rows.get(0), "Initial antidepressant", 12, 11, 3, 3 / 11.0, 0.097461, 0.565645, 3, 3 / 11.0,
                    0.097461, 0.565645, 0, 0, null, 0, null);
            assertRow(rows.get(1), "Dose increase", 0, 0, 0, null, null, null, 0, null, null, null, 0, 0, null, 0, null);
            // 11 switches, P12's two without scores; P10's switch back responds and remits, P11's venlafaxine
            // responds; in TRD at start: P09 mirtazapine, P10 escitalopram, P11 venlafaxine
            assertRow(rows.get(2), "Switch antidepressant", 11, 9, 2, 2 / 9.0, 0.063225, 0.547411, 1, 1 / 9.0,
                    0.019891, 0.435, 3, 2, 2 / 3.0, 1, 1 / 3.0);
            // P11's bupropion added before sertraline ended: failed, not yet in TRD
            assertRow(rows.get(3), "Antidepressant combination", 1, 1, 0, 0.0, 0.0, 0.793451, 0, 0.0, 0.0, 0.793451,
                    0, 0, null, 0, null);
            // P01's lithium started once sertraline and venlafaxine had adequately failed: in TRD at start
            assertRow(rows.get(4), "Augmentation: lithium", 1, 1, 1, 1.0, 0.206549, 1.0, 1, 1.0, 0.206549, 1.0,
                    1, 1, 1.0, 1, 1.0);
            assertRow(rows.get(6), "Augmentation: atypical antipsychotic", 1, 1, 0, 0.0, 0.0, 0.793451, 0, 0.0, 0.0,
                    0.793451, 1, 0, 0.0, 0, 0.0);
            // P06's and P09's ECT both remit; P09 was in TRD at start
            assertRow(rows.get(16), "ECT", 2, 2, 2, 1.0, 0.342380, 1.0, 2, 1.0, 0.342380, 1.0, 1, 1, 1.0, 1, 1.0);
            for (int i : new int[] {1, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18}) {
                assertThat(rows.get(i).get("Trials")).as("%s", rows.get(i).get("Strategy")).isEqualTo(0.0);
            }
            assertRow(rows.get(19), "All strategies", 28, 25, 8, 0.32, 0.172052, 0.515897, 7, 0.28, 0.142839,
                    0.475766, 6, 4, 4 / 6.0, 3, 0.5);

            List<Map<String, Object>> detail = wb.table("Treatment detail");
            assertThat(detail).extracting(r -> r.get("Strategy") + "/" + r.get("Treatment") + "=" + r.get("Trials"))
                    .containsExactly("Initial antidepressant/citalopram=3.0", "Initial antidepressant/duloxetine=1.0",
                            "Initial antidepressant/escitalopram=3.0", "Initial antidepressant/fluoxetine=1.0",
                            "Initial antidepressant/mirtazapine=1.0", "Initial antidepressant/sertraline=3.0",
                            "Switch antidepressant/bupropion=1.0", "Switch antidepressant/duloxetine=2.0",
                            "Switch antidepressant/escitalopram=1.0", "Switch antidepressant/mirtazapine=2.0",
                            "Switch antidepressant/sertraline=2.0", "Switch antidepressant/venlafaxine=3.0",
                            "Antidepressant combination/bupropion=1.0", "Augmentation: lithium/lithium=1.0",
                            "Augmentation: atypical antipsychotic/aripiprazole=1.0",
                            "ECT/electroconvulsive therapy=2.0");
        }
    }

    @Test
    void treatmentStepsMatchTheHandCount() throws Exception {
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            List<Map<String, Object>> steps = wb.table("Treatment steps");
            assertThat(steps).hasSize(4);
            // step 1: 13 episodes, P05's ongoing trial not evaluable; P02, P06, P13, P14 remit
            assertStep(steps.get(0), 1, 13, 12, 4, 1 / 3.0, 0.138120, 0.609378, 1 / 3.0, 4 / 12.0, 0.368, 0.368);
            // step 2: seven switches, P12's without scores; none remits; cumulative 1 - 2/3 x 1
            assertStep(steps.get(1), 2, 7, 6, 0, 0.0, 0.0, 0.390334, 1 / 3.0, 4 / 12.0, 0.306, 0.561392);
            // step 3: P01's lithium and P10's escitalopram remit of 4 evaluable (P12's mirtazapine is not)
            assertStep(steps.get(2), 3, 5, 4, 2, 0.5, 0.150039, 0.849961, 1 - 2 / 3.0 * 0.5, 6 / 12.0, 0.137,
                    0.621481);
            // step 4: P09's aripiprazole and P11's venlafaxine, neither remits
            assertStep(steps.get(3), 4, 2, 2, 0, 0.0, 0.0, 0.657620, 1 - 2 / 3.0 * 0.5, 6 / 12.0, 0.13, 0.670689);
        }
    }

    @Test
    void definitionsComparedAndBreakdownsMatchTheHandCount() throws Exception {
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            List<Map<String, Object>> compared = wb.table("Definitions compared");
            assertThat(compared).extracting(r -> r.get("Definition"))
                    .containsExactly("standard", "eu-pearl", "strict", "any-failure", "switch-proxy");
            // assessed: P01, P02, P04, P08-P15 (11); 2x2 tables and kappas worked out in the fixture's README
            assertCompared(compared.get(0), 11, 5, 5 / 11.0, 1.0, 1.0);
            assertCompared(compared.get(1), 11, 4, 4 / 11.0, 10 / 11.0, 48 / 59.0);
            assertCompared(compared.get(2), 11, 5, 5 / 11.0, 1.0, 1.0);
            assertCompared(compared.get(3), 11, 6, 6 / 11.0, 10 / 11.0, 50 / 61.0);
            // switch-proxy: P09 and P12 only; P01, P08, P10, P11 are TRD under standard only
            assertCompared(compared.get(4), 11, 2, 2 / 11.0, 6 / 11.0, 2 / 57.0);
            assertThat((String) compared.get(4).get("Description")).contains("qualifying switches")
                    .contains("Fabbri");

            List<Map<String, Object>> rows = wb.table("Breakdowns");
            assertThat(rows).extracting(r -> r.get("Dimension") + "/" + r.get("Group")).containsExactly(
                    "Site/EAST", "Site/NORTH", "Site/SOUTH", "Site/(not given)",
                    "Sex/F", "Sex/M", "Sex/X", "Sex/(not given)",
                    "Age band/18-24", "Age band/25-34", "Age band/35-44", "Age band/45-54", "Age band/55-64",
                    "Age band/65+", "Age band/(not given)");
            // EAST: P08, P09 (TRD), P12, P15; only P09's ECT responds
            assertBreakdown(rows.get(0), 4, 2, 0.5, 9, 1, 1 / 9.0, 1, 1 / 9.0);
            // NORTH: P01, P10 (TRD), P02, P13 (not TRD), P05 (insufficient)
            assertBreakdown(rows.get(1), 5, 2, 0.5, 8, 4, 0.5, 4, 0.5);
            // SOUTH without bipolar P03: P04 (pseudo-resistant), P07 (no trials), P11 (TRD), P14
            assertBreakdown(rows.get(2), 4, 1, 1 / 3.0, 7, 2, 2 / 7.0, 1, 1 / 7.0);
            // P06 has no patients row: no site, no sex, no age band; not assessed, so no prevalence
            assertBreakdown(rows.get(3), 1, 0, null, 1, 1, 1.0, 1, 1.0);
            // F: P01, P04, P08, P10, P11, P12, P15 (P03 excluded)
            assertBreakdown(rows.get(4), 7, 4, 4 / 7.0, 16, 3, 3 / 16.0, 2, 2 / 16.0);
            assertBreakdown(rows.get(5), 5, 1, 0.25, 8, 4, 0.5, 4, 0.5);
            assertBreakdown(rows.get(6), 1, 0, null, 0, 0, null, 0, null);
            assertBreakdown(rows.get(9), 2, 1, 0.5, 4, 2, 0.5, 2, 0.5);
            assertBreakdown(rows.get(14), 2, 0, null, 1, 1, 1.0, 1, 1.0);
        }
    }

    @Test
    void pathwaysMatchTheHandCount() throws Exception {
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            assertThat(wb.header("Pathways")).containsExactly("Pathway", "Steps", "Episodes", "Share of episodes",
                    "Remitted", "Remission rate");
            List<Map<String, Object>> rows = wb.table("Pathways");
            // suppression off: every pathway listed, by episodes then text (README "Pathways")
            String i = "Initial antidepressant";
            String s = " → Switch antidepressant";
            assertThat(rows).extracting(r -> r.get("Pathway")).containsExactly(i, i + s, i + s + s, "ECT",
                    i + s + " → Antidepressant combination" + s, i + s + " → Augmentation: lithium",
                    i + s + s + " → Augmentation: atypical antipsychotic → …", "Other pathways", "All pathways");
            assertPathway(rows.get(0), 1, 5, 5 / 13.0, 3, 0.6);
            assertPathway(rows.get(1), 2, 2, 2 / 13.0, 0, 0.0);
            assertPathway(rows.get(2), 3, 2, 2 / 13.0, 1, 0.5);
            assertPathway(rows.get(3), 1, 1, 1 / 13.0, 1, 1.0);
            assertPathway(rows.get(4), 4, 1, 1 / 13.0, 0, 0.0);
            assertPathway(rows.get(5), 3, 1, 1 / 13.0, 1, 1.0);
            // five steps: named to step 4, then "…"; its remission at step 5 does not count
            assertPathway(rows.get(6), 4, 1, 1 / 13.0, 0, 0.0);
            assertPathway(rows.get(7), null, 0, 0.0, 0, null);
            assertPathway(rows.get(8), null, 13, 1.0, 6, 6 / 13.0);
            assertThat(rows.get(8).get("Episodes")).isEqualTo(wb.table("Treatment steps").get(0).get("Entered"));

            // the chart's block below the table: share of the episodes entering each step, by category
            Map<String, Object> switches = strategyAtStep(wb, "Switch antidepressant");
            assertThat(switches).containsEntry("Step 1", 0.0).containsEntry("Step 2", 1.0);
            assertThat((Double) switches.get("Step 3")).isCloseTo(0.6, within(1e-9));
            assertThat((Double) switches.get("Step 4")).isCloseTo(0.5, within(1e-9));
            assertThat((Double) strategyAtStep(wb, "Initial antidepressant").get("Step 1"))
                    .isCloseTo(12 / 13.0, within(1e-9));
            assertThat((Double) strategyAtStep(wb, "Augmentation: atypical antipsychotic").get("Step 4"))
                    .isCloseTo(0.5, within(1e-9));
            assertThat(wb.workbook().getSheet("Pathways").getDrawingPatriarch().getCharts()).hasSize(1);
        }
    }

    @Test
    void afterFailureMatchesTheHandCount() throws Exception {
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            List<Map<String, Object>> rows = wb.table("After failure");
            assertThat(rows).extracting(r -> r.get("After failed step") + "/" + r.get("Next strategy"))
                    .containsExactly("1.0/Switch antidepressant", "1.0/All strategies",
                            "2.0/Switch antidepressant", "2.0/Antidepressant combination", "2.0/Augmentation: lithium",
                            "2.0/All strategies",
                            "3.0/Switch antidepressant", "3.0/Augmentation: atypical antipsychotic",
                            "3.0/All strategies");
            // k = 1: P01, P04, P08, P09, P10, P11, P12 failed step 1 and switched; P12's switch has no scores
            assertAfterFailure(rows.get(0), 7, 6, 0, 0.0, 0, 0.0, 0.0, 0.390334);
            assertAfterFailure(rows.get(1), 7, 6, 0, 0.0, 0, 0.0, 0.0, 0.390334);
            // k = 2: P09 (switch, failed), P10 (switch back, remitted), P11 (combination), P01 (lithium, remitted)
            assertAfterFailure(rows.get(2), 2, 2, 1, 0.5, 1, 0.5, 0.094531, 0.905469);
            assertAfterFailure(rows.get(3), 1, 1, 0, 0.0, 0, 0.0, 0.0, 0.793451);
            assertAfterFailure(rows.get(4), 1, 1, 1, 1.0, 1, 1.0, 0.206549, 1.0);
            assertAfterFailure(rows.get(5), 4, 4, 2, 0.5, 2, 0.5, 0.150039, 0.849961);
            // k = 3: P11 (venlafaxine: response without remission), P09 (aripiprazole, failed)
            assertAfterFailure(rows.get(6), 1, 1, 1, 1.0, 0, 0.0, 0.0, 0.793451);
            assertAfterFailure(rows.get(7), 1, 1, 0, 0.0, 0, 0.0, 0.0, 0.793451);
            assertAfterFailure(rows.get(8), 2, 2, 1, 0.5, 0, 0.0, 0.0, 0.657620);
        }
    }

    /** A row of the block under the Pathways table, found by its first cell. */
    static Map<String, Object> strategyAtStep(WorkbookReader wb, String category) {
        org.apache.poi.ss.usermodel.Sheet sheet = wb.sheet("Pathways");
        int header = -1;
        for (org.apache.poi.ss.usermodel.Row row : sheet) {
            Object first = WorkbookReader.value(row.getCell(0));
            if ("Strategy at step".equals(first)) {
                header = row.getRowNum();
            } else if (header >= 0 && category.equals(first)) {
                Map<String, Object> values = new java.util.LinkedHashMap<>();
                for (int c = 1; c <= 4; c++) {
                    values.put(WorkbookReader.value(sheet.getRow(header).getCell(c)).toString(),
                            WorkbookReader.value(row.getCell(c)));
                }
                return values;
            }
        }
        throw new AssertionError("no row " + category + " under 'Strategy at step'");
    }

    private static void assertPathway(Map<String, Object> row, Object... expected) {
        assertCells(row, new String[] {"Steps", "Episodes", "Share of episodes", "Remitted", "Remission rate"},
                expected);
    }

    private static void assertAfterFailure(Map<String, Object> row, Object... expected) {
        assertCells(row, new String[] {"Episodes", "Evaluable", "Responders", "Response rate", "Remitters",
                "Remission rate", "Remission CI low", "Remission CI high"}, expected);
    }

    private static void assertRow(Map<String, Object> row, String strategy, Object... expected) {
        assertThat(row.get("Strategy")).isEqualTo(strategy);
        String[] columns = {"Trials", "Evaluable", "Responders", "Response rate", "Response CI low",
                "Response CI high", "Remitters", "Remission rate", "Remission CI low", "Remission CI high",
                "TRD evaluable", "TRD responders", "TRD response rate", "TRD remitters", "TRD remission rate"};
        assertCells(row, columns, expected);
    }

    private static void assertStep(Map<String, Object> row, Object... expected) {
        String[] columns = {"Step", "Entered", "Evaluable", "Remitters", "Remission rate", "Remission CI low",
                "Remission CI high", "Cumulative remission", "Observed cumulative remission", "STAR*D remission",
                "STAR*D cumulative remission"};
        assertCells(row, columns, expected);
    }

    private static void assertCompared(Map<String, Object> row, Object... expected) {
        assertCells(row, new String[] {"Assessed", "TRD", "TRD prevalence", "Agreement with standard", "Kappa"},
                expected);
    }

    private static void assertBreakdown(Map<String, Object> row, Object... expected) {
        assertCells(row, new String[] {"Patients", "TRD", "TRD prevalence", "Evaluable trials", "Responders",
                "Response rate", "Remitters", "Remission rate"}, expected);
    }

    /** Numbers within 1e-5 (the hand-computed Wilson bounds carry six decimals); null = an empty cell. */
    private static void assertCells(Map<String, Object> row, String[] columns, Object[] expected) {
        assertThat(expected).hasSameSizeAs(columns);
        for (int i = 0; i < columns.length; i++) {
            Object actual = row.get(columns[i]);
            if (expected[i] == null) {
                assertThat(actual).as("%s of %s", columns[i], row).isNull();
            } else {
                assertThat(actual).as("%s of %s", columns[i], row).isInstanceOf(Double.class);
                assertThat((Double) actual).as("%s of %s", columns[i], row)
                        .isCloseTo(((Number) expected[i]).doubleValue(), within(1e-5));
            }
        }
    }

    @Test
    void aCompletedNightIsNotRunTwiceUnlessAskedTo(@TempDir Path otherOutput) throws Exception {
        LaunchOptions options = new LaunchOptions(FIXTURE.toAbsolutePath(), otherOutput, AS_OF.minusDays(1), false);
        assertThat(launch.run(options).exitCode()).isEqualTo(ExitCodes.COMPLETED);

        JobLaunch.Outcome again = launch.run(options);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.ALREADY_COMPLETED);
        assertThat(again.message()).contains("already completed").contains("--rerun");

        JobLaunch.Outcome rerun = launch.run(new LaunchOptions(options.input(), otherOutput, options.asOf(), true));
        assertThat(rerun.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(Files.list(otherOutput).map(f -> f.getFileName().toString()).sorted())
                .as("two reports, none overwritten, and the latest copy")
                .hasSize(3).contains("trd-outcomes-latest.xlsx")
                .filteredOn(n -> n.startsWith("trd-outcomes-2026-06-29-")).hasSize(2);
    }
}
