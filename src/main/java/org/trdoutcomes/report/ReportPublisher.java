package org.trdoutcomes.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Writes the workbook of one run and publishes it atomically (report.md "Files and publishing"): written to a
 * hidden temporary file in the output folder, then moved into place under its final name, so nobody ever
 * opens a half-written report and a failed run publishes nothing. {@code trd-outcomes-latest.xlsx} is then
 * replaced the same way. Earlier reports are never overwritten: each name carries the job execution id.
 */
public class ReportPublisher {

    private static final Logger log = LoggerFactory.getLogger(ReportPublisher.class);
    public static final String LATEST = "trd-outcomes-latest.xlsx";

    private final JdbcTemplate jdbc;
    private final ReportWriter writer;

    public ReportPublisher(JdbcTemplate jdbc, ReportWriter writer) {
        this.jdbc = jdbc;
        this.writer = writer;
    }

    /** The report's file name for a run (report.md). */
    public static String reportName(String asOf, long jobExecutionId) {
        return "trd-outcomes-" + asOf + "-" + jobExecutionId + ".xlsx";
    }

    public Path publish(ReportModel model, long runId, Path outputFolder, long jobExecutionId) {
        try {
            Files.createDirectories(outputFolder);
            Path target = outputFolder.resolve(reportName(model.asOf().toString(), jobExecutionId));
            if (Files.exists(target)) {
                throw new IllegalStateException("Refusing to overwrite an earlier report: " + target);
            }
            Path temp = outputFolder.resolve("." + target.getFileName() + ".part");
            try {
                writer.write(model, patients(runId), dataQuality(runId), temp);
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

    private RowSource<PatientLine> patients(long runId) {
        return consumer -> streamed(rs -> {
            int msm = rs.getInt(10);
            Integer msmScore = rs.wasNull() ? null : msm;
            String others = rs.getString(13);
            List<String> extra = others == null || others.isEmpty() ? List.of() : Arrays.asList(others.split(";"));
            consumer.accept(new PatientLine(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                    rs.getInt(5), rs.getInt(6), rs.getString(7), rs.getInt(8), rs.getDouble(9), msmScore,
                    rs.getString(11), rs.getString(12), extra));
        }, """
                SELECT PATIENT_ID, SITE, EPISODE, AD_TRIALS, FAILED_AGENTS, ADEQUATE_FAILED, CLASSIFICATION,
                       THASE_RUSH, MGH_S, MSM_SCORE, MSM_CATEGORY, FLAGS, OTHER_PROFILES
                FROM TRD_PATIENT_RESULT WHERE RUN_ID = ? ORDER BY RUN_ID, PATIENT_ID""", runId);
    }

    private RowSource<DataQualityLine> dataQuality(long runId) {
        return consumer -> streamed(rs -> {
            long line = rs.getLong(2);
            Long lineNo = rs.wasNull() ? null : line;
            consumer.accept(new DataQualityLine(rs.getString(1), lineNo, rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6)));
        }, """
                SELECT FILE_NAME, LINE_NO, COLUMN_NAME, CELL_VALUE, REASON, MESSAGE
                FROM TRD_ISSUE WHERE RUN_ID = ? ORDER BY SEQ, ORD, FILE_NAME, COLUMN_NAME""", runId);
    }

    /**
     * Runs a query row by row. On H2 the session runs it lazily for the time of the query: otherwise H2 materialises
     * the whole result (a row per patient) in a temporary file before the first row, which cost a third of the
     * report step. The patients' ORDER BY names RUN_ID (constant) first so that H2 sees it is the primary key's
     * order and sorts nothing.
     */
    private void streamed(RowCallbackHandler handler, String sql, long runId) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            boolean h2 = connection.getMetaData().getDatabaseProductName().startsWith("H2");
            if (h2) {
                setLazy(connection, true);
            }
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setFetchSize(2000);
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handler.processRow(rs);
                    }
                }
            } finally {
                if (h2) {
                    setLazy(connection, false);
                }
            }
            return null;
        });
    }

    private static void setLazy(Connection connection, boolean lazy) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LAZY_QUERY_EXECUTION " + (lazy ? "TRUE" : "FALSE"));
        }
    }
}
