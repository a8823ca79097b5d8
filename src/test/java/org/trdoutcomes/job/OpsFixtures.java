package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.springframework.jdbc.core.JdbcTemplate;
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

    /** Staged rows of a run equal the rows the workbook says were accepted: none staged twice, none lost. */
    static void assertStagedEqualsAccepted(JdbcTemplate jdbc, long runId, Path workbook) throws IOException {
        long staged = jdbc.queryForObject("SELECT COUNT(*) FROM TRD_TRIAL WHERE RUN_ID = ?", Long.class, runId)
                + jdbc.queryForObject("SELECT COUNT(*) FROM TRD_PATIENT WHERE RUN_ID = ?", Long.class, runId);
        try (WorkbookReader wb = new WorkbookReader(workbook)) {
            long accepted = ((Double) wb.summary("Rows accepted")).longValue();
            assertThat(staged).as("staged rows (none twice, none lost)").isEqualTo(accepted);
        }
    }

    static List<String> reports(Path output) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
