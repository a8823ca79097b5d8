package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * Broken extracts through the real job: every row-level rejection reaches the Data quality sheet with file,
 * line, column and reason; file-level failures fail the run with a one-line message and publish nothing.
 * The reject-fraction limit is raised here (0.99) so that one small file can carry every reason; one test
 * puts it back to the default to see the run refused.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "trd.ingest.max-reject-fraction=0.99",
        "spring.datasource.url=jdbc:h2:file:./target/test-db/broken-${random.uuid}"})
class BrokenExtractFunctionalTests {

    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
    static final String TRIALS_HEADER = "patient_id,episode,start_date,end_date,treatment,strategy,dose,dose_unit,"
            + "sessions,adherence_pct,scale,baseline_score,outcome_score,stop_reason";
    static final String GOOD = "P1,1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20,5,completed";

    @Autowired
    JobLaunch launch;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TrdProperties properties;

    @TempDir
    Path input;
    @TempDir
    Path output;

    @Test
    void everyRowLevelReasonIsReportedWithFileLineColumnAndReason() throws Exception {
        write("trials.csv", TRIALS_HEADER,
                GOOD,                                                                           // 2
                ",1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20,5,",              // 3 MISSING_VALUE
                "P2,1,2026-01-01,2026-03-01,sertraline,initial,lots,mg,,,PHQ9,20,5,",           // 4 BAD_NUMBER
                "P3,1,2026-02-30,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20,5,",            // 5 BAD_DATE
                "P4,1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20,99,",           // 6 OUT_OF_RANGE
                "P5,1,2026-03-01,2026-01-01,sertraline,initial,100,mg,,,PHQ9,20,5,",            // 7 END_BEFORE_START
                "P6,1,2026-01-01,2027-03-01,sertraline,initial,100,mg,,,PHQ9,20,5,",            // 8 FUTURE_DATE
                "P7,1,2026-01-01,2026-03-01,happy pills,initial,100,mg,,,PHQ9,20,5,",           // 9 UNKNOWN_TREATMENT
                "P8,1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,XYZ,20,5,",             // 10 UNKNOWN_SCALE
                "P9,1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,,20,5,",                // 11 SCALE_REQUIRED
                "P10,1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,PHQ9,,5,",             // 12 OUTCOME_WITHOUT_BASELINE
                "P11,1,2026-01-01,2026-03-01,sertraline,,100,mg,,,PHQ9,20,5,",                  // 13 MISSING_STRATEGY
                "P12,1,2026-01-01,2026-03-01,sertraline,sideways,100,mg,,,PHQ9,20,5,",          // 14 UNKNOWN_STRATEGY
                "P13,1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20,5,bored",      // 15 UNKNOWN_VALUE
                "P 14,1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20,5,",          // 16 BAD_PATIENT_ID
                "jane@example.org,1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20,5,", // 17 IDENTIFIER_IN_ID
                GOOD,                                                                           // 18 DUPLICATE_ROW
                "P15,1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20",              // 19 MALFORMED_RECORD
                "P16,1,2026-01-01,2026-03-01,sertral\u00ffine,initial,100,mg,,,PHQ9,20,5,");     // 20 BAD_ENCODING (patched below)
        // make line 20 carry a byte that is not valid UTF-8
        byte[] bytes = Files.readAllBytes(input.resolve("trials.csv"));
        byte[] ff = "\u00ff".getBytes(StandardCharsets.UTF_8);
        Files.write(input.resolve("trials.csv"), replace(bytes, ff, new byte[] {(byte) 0xFF}));
        write("patients.csv", "patient_id,site,sex", "P1,NORTH,F", "P1,NORTH,F");

        JobLaunch.Outcome outcome = launch.run(new LaunchOptions(input, output, AS_OF, false));

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            List<Map<String, Object>> quality = wb.table("Data quality");
            Map<Double, String> reasonByLine = quality.stream()
                    .filter(r -> "trials.csv".equals(r.get("File")) && r.get("Line") != null)
                    .collect(Collectors.toMap(r -> (Double) r.get("Line"), r -> (String) r.get("Reason"),
                            (a, b) -> a + "," + b));
            assertThat(reasonByLine).containsEntry(3.0, "MISSING_VALUE").containsEntry(4.0, "BAD_NUMBER")
                    .containsEntry(5.0, "BAD_DATE").containsEntry(6.0, "OUT_OF_RANGE")
                    .containsEntry(7.0, "END_BEFORE_START").containsEntry(8.0, "FUTURE_DATE")
                    .containsEntry(9.0, "UNKNOWN_TREATMENT").containsEntry(10.0, "UNKNOWN_SCALE")
                    .containsEntry(11.0, "SCALE_REQUIRED").containsEntry(12.0, "OUTCOME_WITHOUT_BASELINE")
                    .containsEntry(13.0, "MISSING_STRATEGY").containsEntry(14.0, "UNKNOWN_STRATEGY")
                    .containsEntry(15.0, "UNKNOWN_VALUE").containsEntry(16.0, "BAD_PATIENT_ID")
                    .containsEntry(17.0, "IDENTIFIER_IN_ID").containsEntry(18.0, "DUPLICATE_ROW")
                    .containsEntry(19.0, "MALFORMED_RECORD").containsEntry(20.0, "BAD_ENCODING");
            assertThat(quality).anySatisfy(r -> assertThat(r).containsEntry("File", "patients.csv")
                    .containsEntry("Line", 3.0).containsEntry("Reason", "DUPLICATE_PATIENT"));
            assertThat(quality).anySatisfy(r -> assertThat(r).containsEntry("File", "trials.csv")
                    .containsEntry("Line", 9.0).containsEntry("Column", "treatment")
                    .containsEntry("Value", "happy pills"));
            assertThat(quality).allSatisfy(r -> assertThat(r.get("Message")).isNotNull());
            assertThat(wb.summary("Rows read")).isEqualTo(19.0 + 2.0);
            assertThat(wb.summary("Rows accepted")).isEqualTo(2.0);
            assertThat(wb.summary("Rows rejected")).isEqualTo(19.0);
        }
    }

    @Test
    void aDirectIdentifierColumnFailsTheRunBeforeAnythingIsStaged() throws Exception {
        write("trials.csv", TRIALS_HEADER, GOOD);
        write("patients.csv", "patient_id,site,Date of Birth", "P1,NORTH,1970-01-01");
        long issuesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM TRD_ISSUE", Long.class);

        JobLaunch.Outcome outcome = launch.run(new LaunchOptions(input, output, AS_OF, false));

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.EXTRACT_REFUSED);
        assertThat(outcome.message()).contains("patients.csv").containsIgnoringCase("date_of_birth")
                .doesNotContain("\n");
        assertThat(outcome.execution()).as("refused before a job execution exists, so nothing is staged").isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM TRD_ISSUE", Long.class)).isEqualTo(issuesBefore);
        assertNothingPublished();
    }

    @Test
    void tooManyRejectedRowsFailTheRunNamingTheFile(CapturedOutput out) throws Exception {
        write("trials-site-a.csv", TRIALS_HEADER, GOOD);
        write("trials-site-b.csv", TRIALS_HEADER, GOOD.replace("P1", "P2"),
                "P3,1,2026-02-30,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20,5,",
                "P4,1,2026-02-30,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20,5,");

        JobLaunch.Outcome outcome = launchWithDefaultRejectFraction();

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.EXTRACT_REFUSED);
        assertThat(outcome.message()).startsWith("Extract refused: Too many rejected rows")
                .contains("trials-site-b.csv").contains("2 of 3 rows rejected").doesNotContain("trials-site-a.csv")
                .doesNotContain("\n");
        assertNothingPublished();
        assertNoStackTrace(out);
    }

    @Test
    void noTrialsFileOrAMissingRequiredColumnRefusesTheExtract(CapturedOutput out) throws Exception {
        write("patients.csv", "patient_id,site", "P1,NORTH");
        JobLaunch.Outcome noTrials = launch.run(new LaunchOptions(input, output, AS_OF, false));
        assertThat(noTrials.exitCode()).isEqualTo(ExitCodes.EXTRACT_REFUSED);
        assertThat(noTrials.message()).startsWith("Extract refused: No trials*.csv file");

        write("trials.csv", "patient_id,episode,end_date,treatment,strategy", "P1,1,2026-01-01,sertraline,initial");
        JobLaunch.Outcome missingColumn = launch.run(new LaunchOptions(input, output, AS_OF, false));
        assertThat(missingColumn.exitCode()).isEqualTo(ExitCodes.EXTRACT_REFUSED);
        assertThat(missingColumn.message()).startsWith("Extract refused: ").contains("trials.csv")
                .contains("start_date").doesNotContain("\n");
        assertNothingPublished();
        assertNoStackTrace(out);
    }

    @Test
    void aDirectIdentifierColumnIsRefusedInOneLineWithoutAStackTrace(CapturedOutput out) throws Exception {
        write("trials.csv", TRIALS_HEADER + ",nhs_number", GOOD + ",9434765919");

        JobLaunch.Outcome outcome = launch.run(new LaunchOptions(input, output, AS_OF, false));

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.EXTRACT_REFUSED);
        assertThat(outcome.message()).startsWith("Extract refused: ").contains("nhs_number").doesNotContain("\n");
        assertNothingPublished();
        assertNoStackTrace(out);
    }

    @Test
    void aFolderNamedTrialsCsvIsReportedAsAFolder(CapturedOutput out) throws Exception {
        Files.createDirectory(input.resolve("trials.csv"));
        write("patients.csv", "patient_id,site", "P1,NORTH");

        JobLaunch.Outcome outcome = launch.run(new LaunchOptions(input, output, AS_OF, false));

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.EXTRACT_REFUSED);
        assertThat(outcome.message()).startsWith("Extract refused: ").contains("trials.csv")
                .contains("is a directory, not a file").doesNotContainIgnoringCase("No trials");

        // the same folder given as the input itself
        JobLaunch.Outcome itself = launch.run(new LaunchOptions(input.resolve("trials.csv"), output, AS_OF, false));
        assertThat(itself.exitCode()).isEqualTo(ExitCodes.EXTRACT_REFUSED);
        assertThat(itself.message()).contains("is a directory, not a file");
        assertNothingPublished();
        assertNoStackTrace(out);
    }

    /** Spring Batch logs a failed step with its stack trace: a refusal we expect must not get that far. */
    private static void assertNoStackTrace(CapturedOutput out) {
        assertThat(out.getAll().lines().filter(l -> l.startsWith("\tat ") || l.strip().startsWith("at org.")
                || l.startsWith("Caused by:"))).as(out.getAll()).isEmpty();
    }

    @Test
    void readsSemicolonFilesWithBomCrlfAndSpreadsheetHeadersAcrossSeveralTrialsFiles() throws Exception {
        String bom = "\uFEFF";
        Files.writeString(input.resolve("trials-north.csv"), bom
                + "Patient ID;Episode;Start Date;End Date;Treatment;Strategy;Dose;Dose Unit;Scale;Baseline Score;Outcome Score\r\n"
                + "N1;1;2026-01-01;2026-03-01;Zoloft;initial;50000;mcg;PHQ-9;20;4\r\n"
                + "\r\n"
                + "N2;1;2026-01-01;2026-03-01;\"Effexor XR\";initial;150;mg;HAM-D-17;20;12\r\n",
                StandardCharsets.UTF_8);
        write("trials-south.csv", TRIALS_HEADER, GOOD.replace("P1", "S1"));

        JobLaunch.Outcome outcome = launch.run(new LaunchOptions(input, output, AS_OF, false));

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            assertThat(wb.summary("Rows read")).isEqualTo(3.0);
            assertThat(wb.summary("Rows rejected")).isEqualTo(0.0);
            assertThat(wb.table("Patients")).extracting(r -> r.get("Patient")).containsExactly("N1", "N2", "S1");
        }
    }

    private JobLaunch.Outcome launchWithDefaultRejectFraction() {
        // the context of this class raises the limit; the limit itself is exercised through a child context
        try (var context = new org.springframework.boot.builder.SpringApplicationBuilder(
                org.trdoutcomes.TrdOutcomesApplication.class)
                .properties("trd.launch.enabled=false")
                // an argument, not a default property: application.yml's URL would win and the test would write ./data
                .run("--spring.datasource.url=jdbc:h2:file:./target/test-db/broken-default-" + System.nanoTime())) {
            return context.getBean(JobLaunch.class).run(new LaunchOptions(input, output, AS_OF, false));
        }
    }

    private void assertNothingPublished() throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files).as("a failed run publishes nothing").isEmpty();
        }
    }

    private void write(String name, String... lines) throws IOException {
        Files.writeString(input.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static byte[] replace(byte[] data, byte[] what, byte[] with) {
        for (int i = 0; i <= data.length - what.length; i++) {
            boolean match = true;
            for (int j = 0; j < what.length; j++) {
                match &= data[i + j] == what[j];
            }
            if (match) {
                byte[] out = new byte[data.length - what.length + with.length];
                System.arraycopy(data, 0, out, 0, i);
                System.arraycopy(with, 0, out, i, with.length);
                System.arraycopy(data, i + what.length, out, i + with.length, data.length - i - what.length);
                return out;
            }
        }
        throw new IllegalArgumentException("pattern not found");
    }
}
