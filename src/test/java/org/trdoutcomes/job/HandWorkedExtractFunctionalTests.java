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
 * number out from rules.md), through Spring Batch on an H2 file database, reading the workbook back.
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
                    "Treatment steps", "Patients", "Data quality", "Definitions", "Definitions compared", "Breakdowns");

            // Summary
            assertThat(wb.summary("As-of date")).isNotNull();
            assertThat(wb.summary("Patients")).isEqualTo(8.0);
            assertThat(wb.summary("Patients excluded (bipolar)")).isEqualTo(1.0);
            assertThat(wb.summary("TRD")).isEqualTo(2.0);
            assertThat(wb.summary("Pseudo-resistant")).isEqualTo(1.0);
            assertThat(wb.summary("Not TRD")).isEqualTo(1.0);
            assertThat(wb.summary("Insufficient data")).isEqualTo(3.0);
            assertThat((Double) wb.summary("TRD prevalence")).isCloseTo(0.5, within(1e-9));
            assertThat(wb.summary("Trials")).isEqualTo(10.0);
            assertThat(wb.summary("Evaluable trials")).isEqualTo(9.0);
            assertThat(wb.summary("Rows read")).isEqualTo(20.0);
            assertThat(wb.summary("Rows accepted")).isEqualTo(19.0);
            assertThat(wb.summary("Rows rejected")).isEqualTo(1.0);

            // Patients: one row per patient, by id
            List<Map<String, Object>> patients = wb.table("Patients");
            assertThat(patients).extracting(r -> r.get("Patient"))
                    .containsExactly("P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08");
            assertThat(patients).extracting(r -> r.get("Classification")).containsExactly("TRD", "NOT_TRD",
                    "EXCLUDED_BIPOLAR", "PSEUDO_RESISTANT", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA",
                    "INSUFFICIENT_DATA", "TRD");
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

        // staged rows = 12 accepted trials, the duplicate of line 14 (rejected once its bucket is reconciled), and
        // 7 patients-file rows
        assertThat(OpsFixtures.stagedRows(properties, outcome.execution())).isEqualTo(12L + 1L + 7L);
        OpsFixtures.assertStagedEqualsAccepted(properties, jdbc, outcome.execution(), outcome.report());
    }

    @Test
    void strategyResponseMatchesTheHandCount() throws Exception {
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            List<Map<String, Object>> rows = wb.table("Strategy response");
            assertThat(rows).hasSize(20);
            assertThat(rows.get(19).get("Strategy")).isEqualTo("All strategies");
            // Initial antidepressant: sertraline, citalopram (response, remission), duloxetine, escitalopram,
            // mirtazapine (ongoing: not evaluable); P03's trials are left out (bipolar)
            assertRow(rows.get(0), "Initial antidepressant", 5, 4, 1, 0.25, 0.045587, 0.699358, 1, 0.25, 0.045587,
                    0.699358, 0, 0, null, 0, null);
            assertRow(rows.get(1), "Dose increase", 0, 0, 0, null, null, null, 0, null, null, null, 0, 0, null, 0, null);
            // venlafaxine, bupropion, duloxetine: all failed
            assertRow(rows.get(2), "Switch antidepressant", 3, 3, 0, 0.0, 0.0, 0.561497, 0, 0.0, 0.0, 0.561497,
                    0, 0, null, 0, null);
            // P01's lithium started once sertraline and venlafaxine had adequately failed: in TRD at start
            assertRow(rows.get(4), "Augmentation: lithium", 1, 1, 1, 1.0, 0.206549, 1.0, 1, 1.0, 0.206549, 1.0,
                    1, 1, 1.0, 1, 1.0);
            assertRow(rows.get(16), "ECT", 1, 1, 1, 1.0, 0.206549, 1.0, 1, 1.0, 0.206549, 1.0, 0, 0, null, 0, null);
            for (int i : new int[] {3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18}) {
                assertThat(rows.get(i).get("Trials")).as("%s", rows.get(i).get("Strategy")).isEqualTo(0.0);
            }
            assertRow(rows.get(19), "All strategies", 10, 9, 3, 3 / 9.0, 0.120584, 0.645798, 3, 3 / 9.0, 0.120584,
                    0.645798, 1, 1, 1.0, 1, 1.0);

            List<Map<String, Object>> detail = wb.table("Treatment detail");
            assertThat(detail).extracting(r -> r.get("Strategy") + "/" + r.get("Treatment") + "=" + r.get("Trials"))
                    .containsExactly("Initial antidepressant/citalopram=1.0", "Initial antidepressant/duloxetine=1.0",
                            "Initial antidepressant/escitalopram=1.0", "Initial antidepressant/mirtazapine=1.0",
                            "Initial antidepressant/sertraline=1.0", "Switch antidepressant/bupropion=1.0",
                            "Switch antidepressant/duloxetine=1.0", "Switch antidepressant/venlafaxine=1.0",
                            "Augmentation: lithium/lithium=1.0", "ECT/electroconvulsive therapy=1.0");
        }
    }

    @Test
    void treatmentStepsMatchTheHandCount() throws Exception {
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            List<Map<String, Object>> steps = wb.table("Treatment steps");
            assertThat(steps).hasSize(4);
            // step 1: P01, P02, P04, P05 (ongoing), P06, P08 entered; remitted P02 and P06
            assertStep(steps.get(0), 1, 6, 5, 2, 0.4, 0.117621, 0.769276, 0.4, 0.4, 0.368, 0.368);
            // step 2: P01, P04, P08 all failed; cumulative 1 - 0.6 x 1
            assertStep(steps.get(1), 2, 3, 3, 0, 0.0, 0.0, 0.561497, 0.4, 0.4, 0.306, 0.561392);
            // step 3: P01's lithium remitted; observed: 3 of the 5 with an evaluable step 1
            assertStep(steps.get(2), 3, 1, 1, 1, 1.0, 0.206549, 1.0, 1.0, 0.6, 0.137, 0.621481);
            // step 4: nobody; no rate, so no cumulative either
            assertStep(steps.get(3), 4, 0, 0, 0, null, null, null, null, 0.6, 0.13, 0.670689);
        }
    }

    @Test
    void definitionsComparedAndBreakdownsMatchTheHandCount() throws Exception {
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            List<Map<String, Object>> compared = wb.table("Definitions compared");
            assertThat(compared).extracting(r -> r.get("Definition"))
                    .containsExactly("standard", "eu-pearl", "strict", "any-failure");
            // assessed: P01, P02, P04, P08. eu-pearl: P08's -30% is not a failure (< 25% needed);
            // any-failure: P04's two inadequate failures count
            assertCompared(compared.get(0), 4, 2, 0.5, 1.0, 1.0);
            assertCompared(compared.get(1), 4, 1, 0.25, 0.75, 0.5);
            assertCompared(compared.get(2), 4, 2, 0.5, 1.0, 1.0);
            assertCompared(compared.get(3), 4, 3, 0.75, 0.75, 0.5);

            List<Map<String, Object>> rows = wb.table("Breakdowns");
            assertThat(rows).extracting(r -> r.get("Dimension") + "/" + r.get("Group")).containsExactly(
                    "Site/EAST", "Site/NORTH", "Site/SOUTH", "Site/(not given)",
                    "Sex/F", "Sex/M", "Sex/X", "Sex/(not given)",
                    "Age band/18-24", "Age band/35-44", "Age band/45-54", "Age band/55-64", "Age band/65+",
                    "Age band/(not given)");
            // NORTH: P01 (TRD), P02 (not TRD), P05 (insufficient); trials 3 + 1 evaluable, lithium and citalopram remit
            assertBreakdown(rows.get(1), 3, 1, 0.5, 4, 2, 0.5, 2, 0.5);
            // SOUTH without bipolar P03: P04 (pseudo-resistant), P07 (no trials)
            assertBreakdown(rows.get(2), 2, 0, 0.0, 2, 0, 0.0, 0, 0.0);
            // P06 has no patients row: no site, no sex, no age band; not assessed, so no prevalence
            assertBreakdown(rows.get(3), 1, 0, null, 1, 1, 1.0, 1, 1.0);
            // F: P01, P04, P08 (P03 excluded): 7 evaluable trials, only lithium responded
            assertBreakdown(rows.get(4), 3, 2, 2 / 3.0, 7, 1, 1 / 7.0, 1, 1 / 7.0);
            assertBreakdown(rows.get(6), 1, 0, null, 0, 0, null, 0, null);
            assertBreakdown(rows.get(13), 2, 0, null, 1, 1, 1.0, 1, 1.0);
        }
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
