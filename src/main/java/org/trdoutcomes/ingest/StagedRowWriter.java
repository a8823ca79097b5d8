package org.trdoutcomes.ingest;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Trial;

/**
 * Stages what the ingest read: accepted trials and patients, rejections and warnings, keyed by the run
 * (job instance). Runs in the chunk's transaction together with the reader's restart state, so a restart
 * neither loses nor repeats a row. Writes never fail on data (it was validated before), which keeps the step
 * free of chunk scanning.
 */
public class StagedRowWriter implements ItemWriter<ExtractRow> {

    private static final String INSERT_TRIAL = """
            INSERT INTO TRD_TRIAL (RUN_ID, SEQ, PATIENT_ID, EPISODE, START_DATE, END_DATE, TREATMENT, STRATEGY, DOSE,
                DOSE_UNIT, SESSIONS, ADHERENCE_PCT, SCALE, BASELINE, OUTCOME, STOP_REASON, ROW_HASH)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_PATIENT = """
            INSERT INTO TRD_PATIENT (RUN_ID, SEQ, PATIENT_ID, SITE, SEX, AGE_BAND, DIAGNOSIS, EPISODE_START,
                PSYCHOTIC_FEATURES, BIPOLAR, HYPOTHYROIDISM, SUBSTANCE_USE, TRAUMA, ADHD)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    static final String INSERT_ISSUE = """
            INSERT INTO TRD_ISSUE (RUN_ID, SEQ, ORD, KIND, FILE_NAME, LINE_NO, COLUMN_NAME, CELL_VALUE, REASON, MESSAGE)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final long runId;

    public StagedRowWriter(JdbcTemplate jdbc, long runId) {
        this.jdbc = jdbc;
        this.runId = runId;
    }

    /** The staging key of a row: file order first, then line (rules.md §4 breaks step ties by file order). */
    public static long sequence(int fileIndex, long line) {
        return ((long) fileIndex << 32) | line;
    }

    @Override
    public void write(Chunk<? extends ExtractRow> chunk) {
        // One prepared statement per table and chunk, bound with typed setters: Spring's batchUpdate(sql, Object[])
        // guessed every parameter's type and asked the driver for the type of every null, which cost more than
        // H2's own insert work. The connection is the chunk transaction's (ConnectionCallback).
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            writeTrials(connection, chunk);
            writePatients(connection, chunk);
            writeIssues(connection, chunk);
            return null;
        });
    }

    private void writeTrials(Connection connection, Chunk<? extends ExtractRow> chunk) throws SQLException {
        insertEach(connection, chunk, ExtractRow.AcceptedTrial.class, INSERT_TRIAL, this::bindTrial);
    }

    private void writePatients(Connection connection, Chunk<? extends ExtractRow> chunk) throws SQLException {
        insertEach(connection, chunk, ExtractRow.AcceptedPatient.class, INSERT_PATIENT, this::bindPatient);
    }

    /** Binds a row's values to the statement. */
    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** One batch of {@code sql} over the chunk's rows of one kind; no statement when the chunk has none. */
    private static <T extends ExtractRow> void insertEach(Connection connection, Chunk<? extends ExtractRow> chunk,
                                                          Class<T> kind, String sql, Binder<T> binder)
            throws SQLException {
        PreparedStatement ps = null;
        try {
            for (ExtractRow row : chunk) {
                if (kind.isInstance(row)) {
                    if (ps == null) {
                        ps = connection.prepareStatement(sql);
                    }
                    binder.bind(ps, kind.cast(row));
                    ps.addBatch();
                }
            }
            if (ps != null) {
                ps.executeBatch();
            }
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
    }

    private void writeIssues(Connection connection, Chunk<? extends ExtractRow> chunk) throws SQLException {
        List<Object[]> issues = new ArrayList<>();
        for (ExtractRow row : chunk) {
            if (row instanceof ExtractRow.RejectedRow r) {
                int ord = 0;
                for (Rejection x : r.rejections()) {
                    issues.add(new Object[] {runId, sequence(r.fileIndex(), r.line()), ord++, "R", x.file(),
                            x.line(), x.column(), cut(x.value()), x.reason().name(), x.message()});
                }
            } else if (row instanceof ExtractRow.WarningRow w) {
                ExtractWarning x = w.warning();
                // file-level warnings sort first (SEQ 0); their order among themselves follows ORD
                issues.add(new Object[] {runId, 0L, issues.size(), "W", x.file(), x.line(), x.column(),
                        cut(x.value()), x.code().name(), x.message()});
            }
        }
        if (issues.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_ISSUE)) {
            for (Object[] issue : issues) {
                ps.setLong(1, (Long) issue[0]);
                ps.setLong(2, (Long) issue[1]);
                ps.setInt(3, (Integer) issue[2]);
                ps.setString(4, (String) issue[3]);
                setString(ps, 5, (String) issue[4]);
                setLong(ps, 6, (Long) issue[5]);
                setString(ps, 7, (String) issue[6]);
                setString(ps, 8, (String) issue[7]);
                ps.setString(9, (String) issue[8]);
                ps.setString(10, (String) issue[9]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void bindTrial(PreparedStatement ps, ExtractRow.AcceptedTrial row) throws SQLException {
        Trial t = row.trial();
        String treatment = t.treatment().canonicalName();
        String strategy = t.strategy() == null ? null : t.strategy().name();
        Double dose = t.dose() == null ? null : t.dose().amount();
        String unit = t.dose() == null ? null : t.dose().unit().name();
        String scale = t.scale() == null ? null : t.scale().name();
        String stop = t.stopReason() == null ? null : t.stopReason().name();
        long hash = hash(t.patientId(), t.episode(), t.startDate(), t.endDate(), treatment, strategy, dose, unit,
                t.sessions(), t.adherencePct(), scale, t.baselineScore(), t.outcomeScore(), stop);
        ps.setLong(1, runId);
        ps.setLong(2, sequence(row.fileIndex(), row.line()));
        ps.setString(3, t.patientId());
        ps.setInt(4, t.episode());
        setDate(ps, 5, t.startDate());
        setDate(ps, 6, t.endDate());
        ps.setString(7, treatment);
        setString(ps, 8, strategy);
        setDouble(ps, 9, dose);
        setString(ps, 10, unit);
        setInt(ps, 11, t.sessions());
        setDouble(ps, 12, t.adherencePct());
        setString(ps, 13, scale);
        setDouble(ps, 14, t.baselineScore());
        setDouble(ps, 15, t.outcomeScore());
        setString(ps, 16, stop);
        ps.setLong(17, hash);
    }

    private void bindPatient(PreparedStatement ps, ExtractRow.AcceptedPatient row) throws SQLException {
        PatientAttributes p = row.patient();
        ps.setLong(1, runId);
        ps.setLong(2, sequence(row.fileIndex(), row.line()));
        ps.setString(3, p.patientId());
        setString(ps, 4, p.site());
        setString(ps, 5, p.sex());
        setString(ps, 6, p.ageBand());
        setString(ps, 7, p.diagnosis());
        setDate(ps, 8, p.episodeStart());
        ps.setBoolean(9, p.psychoticFeatures());
        ps.setBoolean(10, p.bipolar());
        ps.setBoolean(11, p.hypothyroidism());
        ps.setBoolean(12, p.substanceUse());
        ps.setBoolean(13, p.trauma());
        ps.setBoolean(14, p.adhd());
    }

    private static void setString(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static void setDate(PreparedStatement ps, int i, LocalDate d) throws SQLException {
        if (d == null) {
            ps.setNull(i, Types.DATE);
        } else {
            ps.setDate(i, Date.valueOf(d));
        }
    }

    /** 64-bit hash of the contract values: finds duplicate candidates cheaply; equality is then checked column by column. */
    static long hash(Object... values) {
        long h = 0xcbf29ce484222325L;
        for (Object v : values) {
            h = (h ^ Objects.hashCode(v)) * 0x100000001b3L;
            h ^= h >>> 29;
        }
        return h;
    }

    private static String cut(String value) {
        return value == null || value.length() <= 100 ? value : value.substring(0, 100);
    }
}
