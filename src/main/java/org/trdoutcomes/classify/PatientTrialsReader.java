package org.trdoutcomes.classify;

import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.trdoutcomes.ingest.PatientOrderCursor;
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
 * Restart state is the last patient handed out; a restart reads from the next one. Both cursors read page by page
 * ({@link PatientOrderCursor}): bounded queries along the index, no sort and no materialised result.
 */
public class PatientTrialsReader implements ItemStreamReader<PatientTrials> {

    static final String LAST_PATIENT_KEY = "classify.lastPatient";

    private final DataSource dataSource;
    private final long runId;
    private final Function<String, Treatment> treatmentByCanonicalName;

    private Connection connection;
    private PatientOrderCursor trials;
    private PatientOrderCursor patients;
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
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            trials = new PatientOrderCursor(connection, """
                    PATIENT_ID, SEQ, EPISODE, START_DATE, END_DATE, TREATMENT, STRATEGY, DOSE, DOSE_UNIT,
                    SESSIONS, ADHERENCE_PCT, SCALE, BASELINE, OUTCOME, STOP_REASON""", "TRD_TRIAL", true, runId,
                    lastPatient);
            patients = new PatientOrderCursor(connection, """
                    PATIENT_ID, SEQ, SITE, SEX, AGE_BAND, DIAGNOSIS, EPISODE_START, PSYCHOTIC_FEATURES, BIPOLAR,
                    HYPOTHYROIDISM, SUBSTANCE_USE, TRAUMA, ADHD""", "TRD_PATIENT", true, runId, lastPatient);
        } catch (SQLException e) {
            close();
            throw new ItemStreamException("Cannot read the staged extract: " + e.getMessage(), e);
        }
    }

    @Override
    public PatientTrials read() throws SQLException {
        String trialPatient = trials.peekPatient();
        String filePatient = patients.peekPatient();
        if (trialPatient == null && filePatient == null) {
            return null;
        }
        String id = trialPatient == null ? filePatient
                : filePatient == null ? trialPatient
                : (trialPatient.compareTo(filePatient) <= 0 ? trialPatient : filePatient);

        PatientAttributes attributes = null;
        if (filePatient != null && filePatient.equals(id)) {
            attributes = patientAttributes(patients.next());
            // duplicates were rejected during reconciliation, but stay safe: one row per patient
            while (id.equals(patients.peekPatient())) {
                patients.next();
            }
        }
        List<Trial> list = new ArrayList<>();
        while (id.equals(trials.peekPatient())) {
            list.add(trial(trials.next()));
        }
        lastPatient = id;
        return new PatientTrials(attributes == null ? PatientAttributes.unknown(id) : attributes,
                attributes != null, list);
    }

    private static PatientAttributes patientAttributes(Object[] r) {
        return new PatientAttributes((String) r[0], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                localDate(r[6]), bool(r[7]), bool(r[8]), bool(r[9]), bool(r[10]), bool(r[11]), bool(r[12]));
    }

    private Trial trial(Object[] r) {
        String treatmentName = (String) r[5];
        Treatment treatment = treatmentByCanonicalName.apply(treatmentName);
        if (treatment == null) {
            throw new IllegalStateException("Staged treatment '" + treatmentName
                    + "' is not in the catalogue in force: was the catalogue changed between ingest and restart?");
        }
        String strategy = (String) r[6];
        Double dose = decimal(r[7]);
        Dose parsedDose = dose == null ? null : new Dose(dose, DoseUnit.valueOf((String) r[8]));
        String scale = (String) r[11];
        String stop = (String) r[14];
        return new Trial((String) r[0], ((Number) r[2]).intValue(), localDate(r[3]), localDate(r[4]), treatment,
                strategy == null ? null : Strategy.valueOf(strategy),
                parsedDose,
                r[9] == null ? null : ((Number) r[9]).intValue(),
                decimal(r[10]),
                scale == null ? null : Scale.valueOf(scale),
                decimal(r[12]),
                decimal(r[13]),
                stop == null ? null : StopReason.valueOf(stop),
                ((Number) r[1]).longValue());
    }

    private static Double decimal(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static boolean bool(Object value) {
        return value != null && (Boolean) value;
    }

    private static LocalDate localDate(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof LocalDate d ? d : ((Date) value).toLocalDate();
    }

    @Override
    public void update(ExecutionContext executionContext) {
        executionContext.putString(LAST_PATIENT_KEY, lastPatient);
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // read-only; nothing to undo
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a read connection cannot lose data
            }
        }
        trials = null;
        patients = null;
        connection = null;
    }
}
