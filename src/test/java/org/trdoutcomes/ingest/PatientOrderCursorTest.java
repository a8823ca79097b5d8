package org.trdoutcomes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keyset paging returns every row of the run once, in (PATIENT_ID, SEQ) order, whatever the page size. */
class PatientOrderCursorTest {

    private Connection connection;

    @BeforeEach
    void table() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:cursor-" + System.nanoTime(), "sa", "");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE T (RUN_ID BIGINT, SEQ BIGINT, PATIENT_ID VARCHAR(64), V INT, PRIMARY KEY (RUN_ID, SEQ))");
            s.execute("CREATE INDEX T_BY_PATIENT ON T (RUN_ID, PATIENT_ID, SEQ)");
            // P2 spans several pages; run 2 must not leak into run 1
            s.execute("INSERT INTO T VALUES (1, 10, 'P3', 1), (1, 2, 'P1', 2), (1, 3, 'P2', 3), (1, 4, 'P2', 4),"
                    + " (1, 5, 'P2', 5), (1, 6, 'P2', 6), (1, 7, 'P2', 7), (1, 8, 'P4', 8), (1, 9, 'P1', 9),"
                    + " (2, 1, 'P0', 0), (2, 11, 'P2', 0)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 100})
    void everyRowOnceInPatientThenSeqOrder(int pageSize) throws SQLException {
        PatientOrderCursor cursor = new PatientOrderCursor(connection, "PATIENT_ID, SEQ, V", "T", true, 1, "", pageSize);
        assertThat(read(cursor)).containsExactly("P1/2", "P1/9", "P2/3", "P2/4", "P2/5", "P2/6", "P2/7", "P3/10", "P4/8");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 100})
    void startsAfterTheGivenPatient(int pageSize) throws SQLException {
        PatientOrderCursor cursor = new PatientOrderCursor(connection, "PATIENT_ID, SEQ, V", "T", true, 1, "P2", pageSize);
        assertThat(cursor.peekPatient()).isEqualTo("P3");
        assertThat(read(cursor)).containsExactly("P3/10", "P4/8");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 100})
    void onePatientARowWithoutSeq(int pageSize) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM T WHERE SEQ IN (4, 5, 6, 7, 9)");
        }
        PatientOrderCursor cursor = new PatientOrderCursor(connection, "PATIENT_ID, V", "T", false, 1, "", pageSize);
        List<String> ids = new ArrayList<>();
        for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
            ids.add((String) row[0]);
        }
        assertThat(ids).containsExactly("P1", "P2", "P3", "P4");
        assertThat(cursor.next()).isNull();
    }

    private static List<String> read(PatientOrderCursor cursor) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
            rows.add(row[0] + "/" + row[1]);
        }
        return rows;
    }
}
