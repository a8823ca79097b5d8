package org.trdoutcomes.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The accounting of docs/data-contract.md once every row is staged and reconciled: for every file, rows read = rows accepted +
 * rows rejected (a mismatch is a defect of the pipeline and fails the run), stored in {@code TRD_INPUT_FILE}; and
 * the file-level failure for a file with more than {@code max-reject-fraction} of its rows rejected.
 */
public class IngestAccounting {

    private static final Logger log = LoggerFactory.getLogger(IngestAccounting.class);
    /** Dividing a staging SEQ by this gives the file index ({@code StagedRowCodec.sequence}). */
    private static final long FILE_SHIFT = 1L << 32;

    private final JdbcTemplate jdbc;
    private final long runId;
    private final double maxRejectFraction;

    public IngestAccounting(JdbcTemplate jdbc, long runId, double maxRejectFraction) {
        this.jdbc = jdbc;
        this.runId = runId;
        this.maxRejectFraction = maxRejectFraction;
    }

    /** One file's accounting. */
    public record FileAccount(int index, String name, String kind, long rowsRead, long rowsAccepted,
                              long rowsRejected, String sha256) {
    }

    /**
     * @param files    the extract's files in reading order
     * @param rowsRead records read per file (by the ingest)
     * @param sha256   SHA-256 per file
     * @param accepted rows accepted per file (after the duplicates were rejected)
     * @throws RejectFractionExceeded when a file has too many rejected rows
     */
    public List<FileAccount> account(List<InputFile> files, long[] rowsRead, String[] sha256, long[] accepted) {
        Map<Integer, Long> rejected = new HashMap<>();
        jdbc.query("SELECT SEQ / " + FILE_SHIFT + ", COUNT(DISTINCT SEQ) FROM TRD_ISSUE WHERE RUN_ID = ? AND KIND = 'R'"
                + " GROUP BY SEQ / " + FILE_SHIFT, rs -> {
            rejected.put(rs.getInt(1), rs.getLong(2));
        }, runId);

        List<FileAccount> accounts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (InputFile file : files) {
            int i = file.index();
            long read = rowsRead[i];
            long ok = accepted[i];
            long bad = rejected.getOrDefault(i, 0L);
            FileAccount account = new FileAccount(i, file.name(), file.kind().name(), read, ok, bad, sha256[i]);
            accounts.add(account);
            if (read != ok + bad) {
                // Nothing lost, nothing silent: this would be a defect of the pipeline, never of the extract.
                throw new IllegalStateException(String.format(
                        "Accounting mismatch for %s: %d rows read but %d accepted + %d rejected", file.name(), read, ok,
                        bad));
            }
            if (read > 0 && (double) bad / read > maxRejectFraction) {
                problems.add(String.format("%s: %d of %d rows rejected (%.1f%%, more than the allowed %.1f%%)",
                        file.name(), bad, read, 100.0 * bad / read, 100.0 * maxRejectFraction));
            }
        }
        jdbc.update("DELETE FROM TRD_INPUT_FILE WHERE RUN_ID = ?", runId);
        jdbc.batchUpdate("""
                INSERT INTO TRD_INPUT_FILE (RUN_ID, FILE_INDEX, FILE_NAME, KIND, ROWS_READ, ROWS_ACCEPTED, ROWS_REJECTED, SHA256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                accounts.stream().map(a -> new Object[] {runId, a.index(), a.name(), a.kind(), a.rowsRead(),
                        a.rowsAccepted(), a.rowsRejected(), a.sha256()}).toList());
        for (FileAccount a : accounts) {
            log.info("{}: {} rows read, {} accepted, {} rejected", a.name(), a.rowsRead(), a.rowsAccepted(),
                    a.rowsRejected());
        }
        if (!problems.isEmpty()) {
            logRejections(accounts);
            throw new RejectFractionExceeded("Too many rejected rows, the extract looks broken: "
                    + String.join("; ", problems) + ". See the rejections in the log or fix the export and run again.");
        }
        return accounts;
    }

    /** A failed run publishes no workbook, so the data manager gets the rejections of the failing files in the log. */
    private void logRejections(List<FileAccount> accounts) {
        for (FileAccount a : accounts) {
            if (a.rowsRead() == 0 || (double) a.rowsRejected() / a.rowsRead() <= maxRejectFraction) {
                continue;
            }
            jdbc.query("""
                    SELECT REASON, COUNT(*) FROM TRD_ISSUE WHERE RUN_ID = ? AND KIND = 'R' AND SEQ / %d = ?
                    GROUP BY REASON ORDER BY COUNT(*) DESC""".formatted(FILE_SHIFT),
                    rs -> {
                        log.error("{}: {} x {}", a.name(), rs.getLong(2), rs.getString(1));
                    }, runId, a.index());
            jdbc.query("""
                    SELECT LINE_NO, COLUMN_NAME, CELL_VALUE, REASON, MESSAGE FROM TRD_ISSUE
                    WHERE RUN_ID = ? AND KIND = 'R' AND SEQ / %d = ? ORDER BY SEQ, ORD FETCH FIRST 20 ROWS ONLY"""
                    .formatted(FILE_SHIFT),
                    rs -> {
                        log.error("{} line {} column {} value '{}': {} {}", a.name(), rs.getLong(1), rs.getString(2),
                                rs.getString(3), rs.getString(4), rs.getString(5));
                    }, runId, a.index());
        }
    }

    /** A file-level failure of docs/data-contract.md: more than max-reject-fraction of a file's rows rejected. */
    public static class RejectFractionExceeded extends ExtractFailure {
        public RejectFractionExceeded(String message) {
            super(message);
        }
    }
}
