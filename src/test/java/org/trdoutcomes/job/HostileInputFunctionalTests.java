package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * Hostile files, formula injection and data minimisation through the real job: each hostile file gets a clear
 * outcome (a report, or a refusal in one line that names the file) in bounded time, a refused run publishes
 * nothing, input text that a spreadsheet would run as a formula is inert text, and a completed run leaves no
 * patient-level rows in the job database. Prints one summary line ({@code HOSTILE files: ...}) for
 * docs/robustness.md.
 */
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "spring.datasource.url=jdbc:h2:file:./target/test-db/hostile-${random.uuid}"})
class HostileInputFunctionalTests {

    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
    static final String HEADER = BrokenExtractFunctionalTests.TRIALS_HEADER;
    static final String GOOD = "P%d,1,2026-01-01,2026-03-01,sertraline,initial,100,mg,,,PHQ9,20,5,completed";

    static final List<String> OUTCOMES = new ArrayList<>();

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

    @AfterAll
    static void printFigures() {
        System.out.println("HOSTILE files: tried=" + OUTCOMES.size() + " " + OUTCOMES);
    }

    // ---------------------------------------------------------------- hostile files

    @Test
    @Timeout(30)
    void aBinaryFileNamedTrialsIsRefusedAsNotText() throws Exception {
        byte[] junk = new byte[256 * 1024];
        new Random(7).nextBytes(junk);
        Files.write(input.resolve("trials.csv"), junk);

        assertRefused("binary", "trials.csv", "not UTF-8");
    }

    @Test
    @Timeout(30)
    void aGzipFileNamedTrialsIsRefusedAsNotText() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(lines(20).getBytes(StandardCharsets.UTF_8));
        }
        Files.write(input.resolve("trials.csv"), bytes.toByteArray());

        assertRefused("gzip", "trials.csv", "not UTF-8");
    }

    @Test
    @Timeout(30)
    void aUtf16FileIsRefusedAsNotText() throws Exception {
        Files.write(input.resolve("trials.csv"), lines(20).getBytes(StandardCharsets.UTF_16));

        assertRefused("utf-16", "trials.csv", "not UTF-8");
    }

    @Test
    @Timeout(30)
    void anEmptyFileIsRefused() throws Exception {
        Files.write(input.resolve("trials.csv"), new byte[0]);

        assertRefused("empty", "trials.csv", "empty");
    }

    @Test
    @Timeout(60)
    void aMillionBlankLinesAreRefusedAsAnEmptyFile() throws Exception {
        Files.write(input.resolve("trials.csv"), "\n".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));

        assertRefused("1M blank lines", "trials.csv", "empty");
    }

    @Test
    @Timeout(60)
    void aMillionBlankLinesBetweenRowsAreSkippedAndTheLineNumbersStayPhysical() throws Exception {
        String rows = lines(20);
        String text = rows.replaceFirst("\n", "\n" + "\n".repeat(1_000_000)) + "P99,1,2026-02-30,,sertraline,initial,,,,,,,,\n";
        Files.writeString(input.resolve("trials.csv"), text);

        JobLaunch.Outcome outcome = run("1M blank lines between rows");

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            assertThat(wb.summary("Rows read")).isEqualTo(21.0);
            assertThat(wb.table("Data quality")).anySatisfy(r -> assertThat(r)
                    .containsEntry("Line", 1_000_000.0 + 22).containsEntry("Reason", "BAD_DATE"));
        }
    }

    @Test
    @Timeout(30)
    void aFileOfOnlyAHeaderGivesAnEmptyReport() throws Exception {
        Files.writeString(input.resolve("trials.csv"), HEADER + "\n");

        JobLaunch.Outcome outcome = run("header only");

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            assertThat(wb.summary("Rows read")).isEqualTo(0.0);
            assertThat(wb.summary("Patients")).isEqualTo(0.0);
        }
    }

    @Test
    @Timeout(60)
    void aFiftyMegabyteFieldIsOneRejectedRowWithItsValueCut() throws Exception {
        try (Writer w = Files.newBufferedWriter(input.resolve("trials.csv"))) {
            w.write(lines(20));
            w.write("P99,1,2026-01-01,,\"");
            char[] block = new char[1 << 20];
            java.util.Arrays.fill(block, 'x');
            for (int i = 0; i < 50; i++) {
                w.write(block);
            }
            w.write("\",initial,,,,,,,,\n");
        }

        JobLaunch.Outcome outcome = run("50 MB field");

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            assertThat(wb.summary("Rows read")).isEqualTo(21.0);
            assertThat(wb.table("Data quality")).anySatisfy(r -> {
                assertThat(r).containsEntry("Reason", "UNKNOWN_TREATMENT");
                assertThat((String) r.get("Value")).hasSize(100);
                assertThat((String) r.get("Message")).hasSizeLessThan(1000);
            });
        }
    }

    @Test
    @Timeout(90)
    void aHeaderOfAHundredThousandColumnsIsReadWithOneWarningPerUnknownColumn() throws Exception {
        int extra = 100_000 - 14;
        StringBuilder header = new StringBuilder(HEADER);
        for (int i = 0; i < extra; i++) {
            header.append(",extra_").append(i);
        }
        String padding = ",".repeat(extra);
        StringBuilder text = new StringBuilder(header).append('\n');
        for (int i = 1; i <= 10; i++) {
            text.append(String.format(GOOD, i)).append(padding).append('\n');
        }
        Files.writeString(input.resolve("trials.csv"), text);

        JobLaunch.Outcome outcome = run("100,000 columns");

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        long runId = outcome.execution().getJobInstance().getInstanceId();
        assertThat(jdbc.queryForList("SELECT ROWS_READ, ROWS_ACCEPTED FROM TRD_INPUT_FILE WHERE RUN_ID = ?", runId))
                .singleElement().satisfies(r -> assertThat(r.values()).containsExactly(10L, 10L));
        // header + one row per unknown column (nothing else is wrong); counted by streaming the sheet's XML,
        // since loading 100,000 rows into POI's DOM would cost more than the whole run
        assertThat(rowsOfSheet(outcome.report(), "xl/worksheets/sheet6.xml")).isEqualTo(extra + 1);
    }

    private static long rowsOfSheet(Path workbook, String entry) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(workbook.toFile());
             var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                     zip.getInputStream(zip.getEntry(entry)), StandardCharsets.UTF_8))) {
            long rows = 0;
            char[] buf = new char[1 << 16];
            String carry = "";
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                String chunk = carry + new String(buf, 0, n);
                for (int i = chunk.indexOf("<row "); i >= 0; i = chunk.indexOf("<row ", i + 1)) {
                    rows++;
                }
                carry = chunk.substring(Math.max(0, chunk.length() - 4));
            }
            return rows;
        }
    }

    @Test
    @Timeout(30)
    void nulBytesInRowsAreRejectedAsBadEncoding() throws Exception {
        Files.writeString(input.resolve("trials.csv"), lines(20));
        Files.writeString(input.resolve("patients.csv"), "patient_id,site,sex\nP1,NO\u0000RTH,F\nP2,SOUTH,M\n"
                + "P3,SOUTH,M\nP4,SOUTH,M\nP5,SOUTH,M\nP6,SOUTH,M\nP7,SOUTH,M\nP8,SOUTH,M\nP9,SOUTH,M\nP10,SOUTH,M\n"
                + "P11,SOUTH,M\n");

        JobLaunch.Outcome outcome = run("NUL bytes");

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            assertThat(wb.table("Data quality")).anySatisfy(r -> assertThat(r).containsEntry("File", "patients.csv")
                    .containsEntry("Line", 2.0).containsEntry("Reason", "BAD_ENCODING"));
        }
    }

    @Test
    @Timeout(30)
    void aFolderNamedTrialsCsvIsNotAnExtract() throws Exception {
        Files.createDirectory(input.resolve("trials.csv"));
        Files.writeString(input.resolve("trials.csv").resolve("trials.csv"), lines(3));

        assertRefused("folder named trials.csv", "trials.csv", "is a directory, not a file");
    }

    // ---------------------------------------------------------------- injection

    @Test
    @Timeout(30)
    void formulaLikeInputTextIsWrittenAsInertTextAndTheWorkbookHoldsNoFormula() throws Exception {
        String[] risky = {"=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "=HYPERLINK(\"http://x\",\"y\")"};
        StringBuilder trials = new StringBuilder(HEADER).append('\n');
        StringBuilder patients = new StringBuilder("patient_id,site,sex,age_band,diagnosis\n");
        for (int i = 0; i < 60; i++) {
            String id = "-P" + i; // legal pseudonymous ids may start with '-'
            trials.append(String.format(GOOD, i).replaceFirst("P" + i, id)).append('\n');
            String r = risky[i % risky.length];
            patients.append(id).append(',').append(quote(r)).append(",F,").append(quote(r)).append(',')
                    .append(quote(r)).append('\n');
        }
        for (String r : risky) { // rejected rows carry the risky text into Data quality
            trials.append("-Q1,1,2026-01-01,,").append(quote(r)).append(",initial,,,,,,,,\n");
        }
        trials.append(quote("=cmd|' /C calc'!A0")).append(",1,2026-01-01,,sertraline,initial,,,,,,,,\n");
        Files.writeString(input.resolve("trials.csv"), trials);
        Files.writeString(input.resolve("patients.csv"), patients);
        Files.writeString(input.resolve("=HYPERLINK(1).txt"), "ignored, but its name is listed");

        JobLaunch.Outcome outcome = runWithLimit("formula injection", 0.2);

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        int riskyCells = 0;
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            for (Sheet sheet : wb.workbook()) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        assertThat(cell.getCellType()).as(sheet.getSheetName() + "!" + cell.getAddress())
                                .isNotEqualTo(CellType.FORMULA);
                        if (cell.getCellType() == CellType.STRING && !cell.getStringCellValue().isEmpty()
                                && "=+-@\t\r".indexOf(cell.getStringCellValue().charAt(0)) >= 0) {
                            riskyCells++;
                            assertThat(cell.getCellStyle().getQuotePrefixed()).as("quote prefix of "
                                    + sheet.getSheetName() + "!" + cell.getAddress()).isTrue();
                        }
                    }
                }
            }
            assertThat(wb.table("Patients")).anySatisfy(r -> assertThat(r).containsEntry("Patient", "-P1"));
            assertThat(wb.table("Data quality")).anySatisfy(r -> assertThat(r).containsEntry("File", "=HYPERLINK(1).txt"));
            assertThat(wb.table("Data quality")).anySatisfy(r -> assertThat(r).containsEntry("Value", "=1+1"));
        }
        assertThat(riskyCells).isGreaterThan(60);
        OUTCOMES.set(OUTCOMES.size() - 1, OUTCOMES.get(OUTCOMES.size() - 1) + " formula-like cells=" + riskyCells
                + " formulas=0");
    }

    // ---------------------------------------------------------------- data minimisation

    @Test
    @Timeout(30)
    void aCompletedRunLeavesNoPatientLevelRowsInTheJobDatabase() throws Exception {
        Files.writeString(input.resolve("trials.csv"), lines(20));
        Files.writeString(input.resolve("patients.csv"), "patient_id,site\nP1,NORTH\n");

        JobLaunch.Outcome outcome = run("purge after completion");

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        long runId = outcome.execution().getJobInstance().getInstanceId();
        for (String table : StagingPurge.PATIENT_LEVEL_TABLES) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE RUN_ID = ?", Long.class, runId))
                    .as(table).isZero();
        }
        assertThat(OpsFixtures.workFolderExists(properties, outcome.execution())).as("the run's work files").isFalse();
        assertThat(jdbc.queryForObject("SELECT SUM(ROWS_READ) FROM TRD_INPUT_FILE WHERE RUN_ID = ?", Long.class,
                runId)).as("the accounting stays").isEqualTo(21L);
    }

    @Test
    @Timeout(60)
    void retainKeepsTheStagedRowsUntilTheNextCompletedRunThatPurges() throws Exception {
        Files.writeString(input.resolve("trials.csv"), lines(20));
        JobLaunch.Outcome kept;
        try (var context = new org.springframework.boot.builder.SpringApplicationBuilder(
                org.trdoutcomes.TrdOutcomesApplication.class)
                .properties("trd.launch.enabled=false") // command-line arguments: application.yml would win over defaults
                .run("--trd.staging.retain=true",
                        "--spring.datasource.url=jdbc:h2:file:./target/test-db/retain-" + System.nanoTime())) {
            kept = context.getBean(JobLaunch.class).run(new LaunchOptions(input, output, AS_OF, false));
            TrdProperties trd = context.getBean(TrdProperties.class);
            long runId = kept.execution().getJobInstance().getInstanceId();
            assertThat(kept.exitCode()).isEqualTo(ExitCodes.COMPLETED);
            assertThat(OpsFixtures.stagedRows(trd, kept.execution())).isEqualTo(20L);

            StagingPurge purge = context.getBean(StagingPurge.class);
            purge.purgeCompletedRuns(runId);
            purge.purgeWorkFolders(kept.execution());

            assertThat(OpsFixtures.stagedRows(trd, kept.execution())).isZero();
            assertThat(OpsFixtures.workFolderExists(trd, kept.execution())).isFalse();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void assertRefused(String label, String fileName, String reason) throws IOException {
        JobLaunch.Outcome outcome = run(label);
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.EXTRACT_REFUSED);
        assertThat(outcome.message()).contains(fileName).contains(reason).doesNotContain("\n");
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files).as("a refused run publishes nothing").isEmpty();
        }
    }

    private JobLaunch.Outcome run(String label) {
        return record(label, launch.run(new LaunchOptions(input, output, AS_OF, false)));
    }

    private JobLaunch.Outcome runWithLimit(String label, double maxRejectFraction) {
        try (var context = new org.springframework.boot.builder.SpringApplicationBuilder(
                org.trdoutcomes.TrdOutcomesApplication.class)
                .properties("trd.launch.enabled=false") // command-line arguments: application.yml would win over defaults
                .run("--trd.ingest.max-reject-fraction=" + maxRejectFraction,
                        "--spring.datasource.url=jdbc:h2:file:./target/test-db/hostile-limit-" + System.nanoTime())) {
            return record(label, context.getBean(JobLaunch.class).run(new LaunchOptions(input, output, AS_OF, false)));
        }
    }

    private static JobLaunch.Outcome record(String label, JobLaunch.Outcome outcome) {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        String result = outcome.exitCode() == ExitCodes.COMPLETED ? "completed" : "exit " + outcome.exitCode() + " \""
                + outcome.message() + "\"";
        OUTCOMES.add(label + " -> " + result + " (heap in use after " + usedMb + " MB)");
        return outcome;
    }

    private static String lines(int rows) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (int i = 1; i <= rows; i++) {
            b.append(String.format(GOOD, i)).append('\n');
        }
        return b.toString();
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> none() {
        return Map.of();
    }
}
