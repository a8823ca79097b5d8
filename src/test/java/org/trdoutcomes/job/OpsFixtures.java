package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.ingest.ExtractDiscovery;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.staging.BucketReader;
import org.trdoutcomes.staging.WorkFolder;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.generate.GeneratorOptions;
import org.trdoutcomes.generate.SampleExtractGenerator;

/** Shared by the operations tests: a synthetic extract, workbook comparison, staged-row accounting. */
final class OpsFixtures {
    private OpsFixtures() {
    }

    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
    /** The sheets whose every number must match between an interrupted-and-restarted run and a clean one. */
    static final List<String> COMPARED_SHEETS = List.of("Summary", "Strategy response", "Patients");

    /** A seeded synthetic extract: the same files every time for the same size. */
    static Path syntheticExtract(Path folder, int patients) {
        SampleExtractGenerator.generate(folder, GeneratorOptions.of(patients, 20260630L, AS_OF));
        return folder;
    }

    /** Every cell of the compared sheets, as text, except the time the report was generated. */
    static List<String> numbers(Path workbook) throws IOException {
        List<String> cells = new ArrayList<>();
        try (WorkbookReader wb = new WorkbookReader(workbook)) {
            for (String name : COMPARED_SHEETS) {
                Sheet sheet = wb.sheet(name);
                for (Row row : sheet) {
                    Object first = WorkbookReader.value(row.getCell(0));
                    if ("Report generated at".equals(first)) {
                        continue;
                    }
                    for (Cell cell : row) {
                        cells.add(name + "!" + cell.getAddress() + "=" + WorkbookReader.value(cell));
                    }
                }
            }
        }
        assertThat(cells).as("the compared sheets hold data").hasSizeGreaterThan(50);
        return cells;
    }

    static void assertSameNumbers(Path actual, Path expected) throws IOException {
        assertThat(numbers(actual)).as("every cell of %s equals the uninterrupted run's", COMPARED_SHEETS)
                .containsExactlyElementsOf(numbers(expected));
    }

    /**
     * Rows staged in a run's bucket files (trials and patients-file rows as the ingest wrote them, duplicates
     * included: they are rejected when a bucket is reconciled); 0 when the run's work folder is gone.
     */
    static long stagedRows(TrdProperties properties, JobExecution execution) throws IOException {
        return stagedRowsIn(TrdOutcomesJobConfiguration.workFolder(properties, execution));
    }

    /** The same for the run {@code runId} whose work folder is under {@code workRoot} (a child process's). */
    static long stagedRows(Path workRoot, long runId) throws IOException {
        try (Stream<Path> folders = Files.list(workRoot)) {
            List<Path> runs = folders.filter(p -> p.getFileName().toString().startsWith("run-" + runId + "-")).toList();
            assertThat(runs).as("the work folder of run %d", runId).hasSize(1);
            String name = runs.get(0).getFileName().toString();
            return stagedRowsIn(new WorkFolder(workRoot, runId, name.substring(name.lastIndexOf('-') + 1)));
        }
    }

    private static long stagedRowsIn(WorkFolder work) throws IOException {
        if (!Files.exists(work.folder())) {
            return 0;
        }
        int files = 0;
        int buckets = 0;
        try (Stream<Path> names = Files.list(work.folder())) {
            for (Path p : names.toList()) {
                Matcher m = BUCKET_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    files = Math.max(files, Integer.parseInt(m.group(1)) + 1);
                    buckets = Math.max(buckets, Integer.parseInt(m.group(2)) + 1);
                }
            }
        }
        TreatmentCatalogue catalogue = TreatmentCatalogue.defaults();
        long rows = 0;
        for (int b = 0; b < buckets; b++) {
            BucketReader.Bucket bucket = BucketReader.read(work, b, files, name -> catalogue.find(name).orElse(null));
            rows += bucket.trials().size() + bucket.patients().size();
        }
        return rows;
    }

    private static final Pattern BUCKET_FILE = Pattern.compile("ingest-f(\\d+)-b(\\d+)\\.bin");

    /** Whether the run's work folder exists. */
    static boolean workFolderExists(TrdProperties properties, JobExecution execution) {
        return Files.exists(TrdOutcomesJobConfiguration.workFolder(properties, execution).folder());
    }

    /**
     * Staged rows of a run equal the rows the workbook says were accepted plus the duplicates rejected after staging:
     * none staged twice, none lost.
     */
    static void assertStagedEqualsAccepted(long staged, JdbcTemplate jdbc, long runId, Path workbook)
            throws IOException {
        long duplicates = jdbc.queryForObject("""
                SELECT COUNT(DISTINCT SEQ) FROM TRD_ISSUE WHERE RUN_ID = ? AND KIND = 'R'
                AND REASON IN ('DUPLICATE_ROW', 'DUPLICATE_PATIENT')""", Long.class, runId);
        try (WorkbookReader wb = new WorkbookReader(workbook)) {
            long accepted = ((Double) wb.summary("Rows accepted")).longValue();
            assertThat(staged).as("staged rows (none twice, none lost)").isEqualTo(accepted + duplicates);
        }
    }

    static void assertStagedEqualsAccepted(TrdProperties properties, JdbcTemplate jdbc, JobExecution execution,
                                           Path workbook) throws IOException {
        assertStagedEqualsAccepted(stagedRows(properties, execution), jdbc, execution.getJobInstance().getInstanceId(),
                workbook);
    }

    static List<String> reports(Path output) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
