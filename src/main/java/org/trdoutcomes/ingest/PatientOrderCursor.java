package org.trdoutcomes.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a staging table of one run in patient order, page by page: each page is a bounded query that starts after
 * the last row read (keyset paging on PATIENT_ID, then SEQ) and follows the index (RUN_ID, PATIENT_ID[, SEQ]), so
 * the database neither sorts the table nor holds a result of the whole extract.
 *
 * <p>Why not one cursor: H2 materialises a whole result before its first row (a million rows to a temporary file)
 * unless the session runs lazily, and its lazy results can lose pages that a concurrent commit frees
 * ("Chunk … not found", h2database#4142, #4383), which is exactly the classify step's situation. Short statements
 * hold nothing between pages. PostgreSQL gets the same queries.
 *
 * <p>The first selected column must be PATIENT_ID and, when the order has a SEQ, the second must be SEQ.
 * Rows are returned as {@code Object[]} of {@link ResultSet#getObject} values; one page (a few thousand rows) is in
 * memory at a time.
 */
public final class PatientOrderCursor {

    /** Rows per page. */
    public static final int PAGE = 2000;

    private final Connection connection;
    private final long runId;
    private final int columns;
    private final boolean withSeq;
    private final String afterPatient;
    private final String samePatient;
    private final int pageSize;
    private final List<Object[]> page = new ArrayList<>();
    private int next;
    private String lastPatient;
    private long lastSeq;
    private boolean exhausted;

    /**
     * @param selectList the columns, PATIENT_ID first (then SEQ when {@code withSeq})
     * @param table      a staging table with an index on (RUN_ID, PATIENT_ID[, SEQ])
     * @param withSeq    whether a patient may have several rows, ordered by SEQ
     * @param after      read the patients after this id ("" for all)
     */
    public PatientOrderCursor(Connection connection, String selectList, String table, boolean withSeq, long runId,
                              String after) {
        this(connection, selectList, table, withSeq, runId, after, PAGE);
    }

    /** With a page size of its own (tests: patients that span pages). */
    PatientOrderCursor(Connection connection, String selectList, String table, boolean withSeq, long runId,
                       String after, int pageSize) {
        this.pageSize = pageSize;
        this.connection = connection;
        this.runId = runId;
        this.withSeq = withSeq;
        this.columns = selectList.split(",").length;
        // ORDER BY names RUN_ID, constant here: H2 takes an ORDER BY as an index's order only when it names the
        // index's leading columns; ORDER BY PATIENT_ID, SEQ alone made it sort the whole extract.
        String order = withSeq ? " ORDER BY RUN_ID, PATIENT_ID, SEQ" : " ORDER BY RUN_ID, PATIENT_ID";
        String select = "SELECT " + selectList + " FROM " + table + " WHERE RUN_ID = ? AND ";
        this.afterPatient = select + "PATIENT_ID > ?" + order + " FETCH FIRST " + pageSize + " ROWS ONLY";
        this.samePatient = withSeq
                ? select + "PATIENT_ID = ? AND SEQ > ?" + order + " FETCH FIRST " + pageSize + " ROWS ONLY" : null;
        this.lastPatient = after;
    }

    /** The next row, or null after the last one. */
    public Object[] next() throws SQLException {
        if (!hasRowInPage()) {
            return null;
        }
        Object[] row = page.get(next++);
        lastPatient = (String) row[0];
        if (withSeq) {
            lastSeq = ((Number) row[1]).longValue();
        }
        return row;
    }

    /** The patient id of the next row without consuming it, or null after the last row. */
    public String peekPatient() throws SQLException {
        return hasRowInPage() ? (String) page.get(next)[0] : null;
    }

    /** Fetches the next page when this one is used up; false once the rows are exhausted. */
    private boolean hasRowInPage() throws SQLException {
        if (next < page.size()) {
            return true;
        }
        if (exhausted) {
            return false;
        }
        fetch();
        exhausted = page.isEmpty();
        return !exhausted;
    }

    private void fetch() throws SQLException {
        page.clear();
        next = 0;
        boolean started = withSeq && lastSeq != 0;
        if (started) {
            // the rest of the patient the previous page ended in (a patient may span pages)
            query(samePatient, lastPatient, lastSeq);
            if (page.size() == pageSize) {
                return;
            }
        }
        query(afterPatient, lastPatient, null);
    }

    private void query(String sql, String patient, Long seq) throws SQLException {
        int limit = pageSize - page.size();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, runId);
            ps.setString(2, patient);
            if (seq != null) {
                ps.setLong(3, seq);
            }
            ps.setFetchSize(pageSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && limit-- > 0) {
                    Object[] row = new Object[columns];
                    for (int c = 0; c < columns; c++) {
                        row[c] = rs.getObject(c + 1);
                    }
                    page.add(row);
                }
            }
        }
    }
}
