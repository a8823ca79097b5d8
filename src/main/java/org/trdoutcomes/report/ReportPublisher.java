package org.trdoutcomes.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the workbook of one run and publishes it atomically (docs/workbook-contract.md "Publishing"): written to a
 * hidden temporary file in the output folder, then moved into place under its final name, so nobody ever
 * opens a half-written report and a failed run publishes nothing. {@code trd-outcomes-latest.xlsx} is then
 * replaced the same way. Earlier reports are never overwritten: each name carries the job execution id.
 */
public class ReportPublisher {

    private static final Logger log = LoggerFactory.getLogger(ReportPublisher.class);
    public static final String LATEST = "trd-outcomes-latest.xlsx";
    private static final int PROGRESS_EVERY = 10_000;

    private final JdbcTemplate jdbc;
    private final ReportWriter writer;

    public ReportPublisher(JdbcTemplate jdbc, ReportWriter writer) {
        this.jdbc = jdbc;
        this.writer = writer;
    }

    /** The report's file name for a run (docs/workbook-contract.md). */
    public static String reportName(String asOf, long jobExecutionId) {
        return "trd-outcomes-" + asOf + "-" + jobExecutionId + ".xlsx";
    }

    /**
     * Publishes the workbook with the Trend of earlier nights and the comparison with the previous night, then keeps
     * this run in {@code history}. Call it inside the report step's transaction: the history is kept only when the
     * step commits, so a run that fails after publishing keeps nothing (and its restart publishes anew).
     *
     * @param patients the Patients sheet's rows in patient-id order; read more than once (each read starts over)
     * @param progress told the patients written to the sheet (every few thousand rows), the workbook's zipping and the
     *                 classifications kept
     */
    public Path publish(ReportModel model, long runId, Path outputFolder, long jobExecutionId,
                        RowSource<PatientLine> patients, ReportProgress progress, NightHistory history) {
        NightFigures tonight = NightFigures.of(model, reportName(model.asOf().toString(), jobExecutionId));
        List<NightFigures> trend = history.trendEndingWith(tonight);
        // read before this run's classifications replace them, which happens only once the report is out
        PreviousNight previous = history.previousNight(model.asOf(), patients);
        Path published = publish(model, outputFolder, jobExecutionId,
                temp -> writer.write(model, counted(patients, progress), dataQuality(runId), trend, previous, temp,
                        progress));
        history.record(tonight, jobExecutionId, model.generatedAt(), patients, progress);
        return published;
    }

    /** Writes a workbook to a path. */
    @FunctionalInterface
    private interface Workbook {
        void writeTo(Path temp) throws IOException;
    }

    private Path publish(ReportModel model, Path outputFolder, long jobExecutionId, Workbook workbook) {
        try {
            Files.createDirectories(outputFolder);
            Path target = outputFolder.resolve(reportName(model.asOf().toString(), jobExecutionId));
            if (Files.exists(target)) {
                throw new IllegalStateException("Refusing to overwrite an earlier report: " + target);
            }
            Path temp = outputFolder.resolve("." + target.getFileName() + ".part");
            try {
                workbook.writeTo(temp);
                move(temp, target, false);
            } finally {
                Files.deleteIfExists(temp);
            }
            Path latestTemp = outputFolder.resolve("." + LATEST + ".part");
            try {
                Files.copy(target, latestTemp, StandardCopyOption.REPLACE_EXISTING);
                move(latestTemp, outputFolder.resolve(LATEST), true);
            } finally {
                Files.deleteIfExists(latestTemp);
            }
            return target.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report to " + outputFolder.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            log.warn("The file system of {} cannot move atomically; moving plainly", to.getParent());
            if (replace) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to);
            }
        }
    }

    /** The rows, reporting every {@value #PROGRESS_EVERY} of them. */
    private static RowSource<PatientLine> counted(RowSource<PatientLine> rows, ReportProgress progress) {
        return consumer -> {
            long[] written = {0};
            rows.forEach(row -> {
                consumer.accept(row);
                if (++written[0] % PROGRESS_EVERY == 0) {
                    progress.patientsWritten(PROGRESS_EVERY);
                }
            });
        };
    }

    private RowSource<DataQualityLine> dataQuality(long runId) {
        return consumer -> jdbc.query("""
                SELECT FILE_NAME, LINE_NO, COLUMN_NAME, CELL_VALUE, REASON, MESSAGE
                FROM TRD_ISSUE WHERE RUN_ID = ? ORDER BY SEQ, ORD, FILE_NAME, COLUMN_NAME""", rs -> {
            long line = rs.getLong(2);
            Long lineNo = rs.wasNull() ? null : line;
            consumer.accept(new DataQualityLine(rs.getString(1), lineNo, rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6)));
        }, runId);
    }
}
