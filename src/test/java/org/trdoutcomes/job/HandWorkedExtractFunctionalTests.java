package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        "spring.datasource.url=jdbc:h2:file:./target/test-db/handworked-${random.uuid}"})
class HandWorkedExtractFunctionalTests {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/handworked");
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

    @Autowired
    JobLaunch launch;
    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path output;

    @Test
    void classifiesStagesAndCountsTheFixtureAsWorkedOutByHand() throws Exception {
        // when
        JobLaunch.Outcome outcome = launch.run(new LaunchOptions(FIXTURE.toAbsolutePath(), output, AS_OF, false));

        // then
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

        // staged rows = accepted rows
        Long runId = outcome.execution().getJobInstance().getInstanceId();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM TRD_TRIAL WHERE RUN_ID = ?", Long.class, runId))
                .isEqualTo(12L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM TRD_PATIENT WHERE RUN_ID = ?", Long.class, runId))
                .isEqualTo(7L);
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
