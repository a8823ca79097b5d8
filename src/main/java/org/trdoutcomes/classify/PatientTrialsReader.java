package org.trdoutcomes.classify;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.StopReason;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.Trial;

/**
 * Reads the staged extract one patient at a time: a merge of two cursors ordered by patient id (trials, and
 * patients-file rows), so no sort and no join of the whole extract is needed and memory holds one patient.
 * Restart state is the last patient handed out; a restart reads from the next one.
 */
public class PatientTrialsReader implements ItemStreamReader<PatientTrials> {

    static final String LAST_PATIENT_KEY = "classify.lastPatient";
    private static final int FETCH_SIZE = 2000;

    private final DataSource dataSource;
    private final long runId;
    private final Function<String, Treatment> treatmentByCanonicalName;

    private Connection connection;
    private PreparedStatement trialStatement;
    private PreparedStatement patientStatement;
    private ResultSet trials;
    private ResultSet patients;
    private boolean trialsHasRow;
    private boolean patientsHasRow;
    private String lastPatient = "";

    public PatientTrialsReader(DataSource dataSource, long runId, Function<String, Treatment> treatmentByCanonicalName) {
        this.dataSource = dataSource;
        this.runId = runId;
        this.treatmentByCanonicalName = treatmentByCanonicalName;
    }

    @Override
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        lastPatient = executionContext.getString(LAST_PATIENT_KEY, "");
        try {
            connection = dataSource.getConnection();
            // PostgreSQL streams a result set only outside auto-commit; H2 does not mind.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            streamResults(connection);
            // ORDER BY starts with RUN_ID, constant here, because H2 recognises an ORDER BY as the order of an index
            // only when it names the index's leading columns; ORDER BY PATIENT_ID, SEQ made it sort the whole extract.
            trialStatement = connection.prepareStatement("""
                    SELECT PATIENT_ID, SEQ, EPISODE, START_DATE, END_DATE, TREATMENT, STRATEGY, DOSE, DOSE_UNIT,
                           SESSIONS, ADHERENCE_PCT, SCALE, BASELINE, OUTCOME, STOP_REASON
                    FROM TRD_TRIAL WHERE RUN_ID = ? AND PATIENT_ID > ? ORDER BY RUN_ID, PATIENT_ID, SEQ""");
            trialStatement.setFetchSize(FETCH_SIZE);
            trialStatement.setLong(1, runId);
            trialStatement.setString(2, lastPatient);
            trials = trialStatement.executeQuery();
            trialsHasRow = trials.next();
            patientStatement = connection.prepareStatement("""
                    SELECT PATIENT_ID, SITE, SEX, AGE_BAND, DIAGNOSIS, EPISODE_START, PSYCHOTIC_FEATURES, BIPOLAR,
                           HYPOTHYROIDISM, SUBSTANCE_USE, TRAUMA, ADHD
                    FROM TRD_PATIENT WHERE RUN_ID = ? AND PATIENT_ID > ? ORDER BY RUN_ID, PATIENT_ID, SEQ""");
            patientStatement.setFetchSize(FETCH_SIZE);
            patientStatement.setLong(1, runId);
            patientStatement.setString(2, lastPatient);
            patients = patientStatement.executeQuery();
            patientsHasRow = patients.next();
        } catch (SQLException e) {
            close();
            throw new ItemStreamException("Cannot read the staged extract: " + e.getMessage(), e);
        }
    }

    /**
     * H2 materialises a whole result set before returning its first row unless the session runs queries lazily; for
     * the whole extract that meant writing a million rows to a temporary file and reading them back (the larger part
     * of the classify step). Lazily, H2 walks the (RUN_ID, PATIENT_ID, SEQ) index as the cursor moves. PostgreSQL
     * streams outside auto-commit with a fetch size already.
     */
    static void streamResults(Connection connection) throws SQLException {
        if (connection.getMetaData().getDatabaseProductName().startsWith("H2")) {
            try (var statement = connection.createStatement()) {
                statement.execute("SET LAZY_QUERY_EXECUTION TRUE");
            }
        }
    }

    /** Undoes {@link #streamResults} before a pooled connection goes back to the pool. */
    static void stopStreamingResults(Connection connection) throws SQLException {
        if (connection.getMetaData().getDatabaseProductName().startsWith("H2")) {
            try (var statement = connection.createStatement()) {
                statement.execute("SET LAZY_QUERY_EXECUTION FALSE");
            }
        }
    }

    @Override
    public PatientTrials read() throws SQLException {
        if (!trialsHasRow && !patientsHasRow) {
            return null;
        }
        String trialPatient = trialsHasRow ? trials.getString(1) : null;
        String filePatient = patientsHasRow ? patients.getString(1) : null;
        String id = trialPatient == null ? filePatient
                : filePatient == null ? trialPatient
                : (trialPatient.compareTo(filePatient) <= 0 ? trialPatient : filePatient);

        PatientAttributes attributes = null;
        if (filePatient != null && filePatient.equals(id)) {
            attributes = patientAttributes();
            // duplicates were rejected during reconciliation, but stay safe: one row per patient
            while ((patientsHasRow = patients.next()) && patients.getString(1).equals(id)) {
                // skip
            }
        }
        List<Trial> list = new ArrayList<>();
        while (trialsHasRow && trials.getString(1).equals(id)) {
            list.add(trial());
            trialsHasRow = trials.next();
        }
        lastPatient = id;
        return new PatientTrials(attributes == null ? PatientAttributes.unknown(id) : attributes,
                attributes != null, list);
    }

    private PatientAttributes patientAttributes() throws SQLException {
        return new PatientAttributes(patients.getString(1), patients.getString(2), patients.getString(3),
                patients.getString(4), patients.getString(5), localDate(patients.getDate(6)),
                patients.getBoolean(7), patients.getBoolean(8), patients.getBoolean(9), patients.getBoolean(10),
                patients.getBoolean(11), patients.getBoolean(12));
    }

    private Trial trial() throws SQLException {
        String treatmentName = trials.getString(6);
        Treatment treatment = treatmentByCanonicalName.apply(treatmentName);
        if (treatment == null) {
            throw new IllegalStateException("Staged treatment '" + treatmentName
                    + "' is not in the catalogue in force: was the catalogue changed between ingest and restart?");
        }
        String strategy = trials.getString(7);
        double dose = trials.getDouble(8);
        Dose parsedDose = trials.wasNull() ? null : new Dose(dose, DoseUnit.valueOf(trials.getString(9)));
        String scale = trials.getString(12);
        String stop = trials.getString(15);
        return new Trial(trials.getString(1), trials.getInt(3), localDate(trials.getDate(4)),
                localDate(trials.getDate(5)), treatment,
                strategy == null ? null : Strategy.valueOf(strategy),
                parsedDose,
                integer(trials, 10),
                decimal(trials, 11),
                scale == null ? null : Scale.valueOf(scale),
                decimal(trials, 13),
                decimal(trials, 14),
                stop == null ? null : StopReason.valueOf(stop),
                trials.getLong(2));
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Double decimal(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }

    @Override
    public void update(ExecutionContext executionContext) {
        executionContext.putString(LAST_PATIENT_KEY, lastPatient);
    }

    @Override
    public void close() {
        closeQuietly(trials);
        closeQuietly(patients);
        closeQuietly(trialStatement);
        closeQuietly(patientStatement);
        if (connection != null) {
            try {
                connection.rollback();
                stopStreamingResults(connection);
            } catch (SQLException ignored) {
                // read-only; nothing to undo
            }
            closeQuietly(connection);
        }
        trials = null;
        patients = null;
        trialStatement = null;
        patientStatement = null;
        connection = null;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a read cursor cannot lose data
            }
        }
    }
}
