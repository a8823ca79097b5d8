package org.trdoutcomes.staging;

import java.sql.Types;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.ingest.CellFormats;

/**
 * {@code TRD_ISSUE}: the rejections and warnings of a run, the rows of the Data quality sheet. Few next to the
 * accepted rows (a file with more than {@code max-reject-fraction} rejected fails the run), so they stay in the job
 * database, written in the transaction of the chunk or partition that found them.
 */
public final class IssueTable {

    static final String INSERT = """
            INSERT INTO TRD_ISSUE (RUN_ID, SEQ, ORD, KIND, FILE_NAME, LINE_NO, COLUMN_NAME, CELL_VALUE, REASON, MESSAGE)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /**
     * Orders from here to {@code BUCKET_ORDER + Buckets.MAX} mark a classify partition's issues: below every other
     * order (file-level warnings count up from 0 per file, ignored files are just below 0, a row's problems from 0),
     * so deleting a bucket's issues can never take another's.
     */
    private static final int BUCKET_ORDER = Integer.MIN_VALUE;

    private IssueTable() {
    }

    /**
     * One problem of one row, or a warning.
     *
     * @param sequence {@link StagedRowCodec#sequence} of the row; 0 for file-level warnings, which sort first
     * @param order    order of the problems of one row (and of the file-level warnings among themselves)
     * @param rejection true for a rejection (the row is not used), false for a warning
     */
    public record Issue(long sequence, int order, boolean rejection, String file, Long line, String column,
                        String value, String reason, String message) {
    }

    /**
     * The issues a classify partition found (duplicates, patients missing from the patients files), marked as its
     * bucket's: each belongs to a row that has no other issue, so its order within the row is free to say which
     * bucket found it, and a partition re-run after a committed attempt replaces them ({@link #deleteBucket}).
     */
    public static List<Issue> ofBucket(int bucket, List<Issue> issues) {
        return issues.stream().map(x -> new Issue(x.sequence(), BUCKET_ORDER + bucket, x.rejection(), x.file(),
                x.line(), x.column(), x.value(), x.reason(), x.message())).toList();
    }

    /** Deletes the issues {@link #ofBucket} marked as bucket {@code bucket}'s. */
    public static void deleteBucket(JdbcTemplate jdbc, long runId, int bucket) {
        jdbc.update("DELETE FROM TRD_ISSUE WHERE RUN_ID = ? AND ORD = ?", runId, BUCKET_ORDER + bucket);
    }

    /** Inserts the issues in batches on the current transaction's connection. */
    public static void insert(JdbcTemplate jdbc, long runId, List<Issue> issues) {
        if (issues.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT, issues, BATCH_SIZE, (ps, x) -> {
            ps.setLong(1, runId);
            ps.setLong(2, x.sequence());
            ps.setInt(3, x.order());
            ps.setString(4, x.rejection() ? "R" : "W");
            ps.setString(5, CellFormats.cut(x.file(), 255));
            ps.setObject(6, x.line(), Types.BIGINT);
            ps.setString(7, CellFormats.cut(x.column(), 100));
            ps.setString(8, CellFormats.cut(x.value()));
            ps.setString(9, x.reason());
            ps.setString(10, CellFormats.cut(x.message(), 1000));
        });
    }

    /** Statements per JDBC batch: a chunk of 5,000 rows may carry many more issues than that. */
    private static final int BATCH_SIZE = 1000;
}
