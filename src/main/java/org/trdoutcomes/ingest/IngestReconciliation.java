package org.trdoutcomes.ingest;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finishes the ingest once every file is staged, in one transaction (so a failed or repeated attempt leaves
 * nothing behind): rejects duplicate rows, which need the whole extract to be seen; warns of trials whose
 * patient no patients file names; then does the accounting of input.md — rows read = accepted + rejected for
 * every file — and fails the run when a file has more than the allowed share of its rows rejected.
 */
public class IngestReconciliation {

    private static final Logger log = LoggerFactory.getLogger(IngestReconciliation.class);
    /** Dividing a staging SEQ by this gives the file index, as {@link StagedRowWriter#sequence} built it. */
    private static final long FILE_SHIFT = 1L << 32;

    private final JdbcTemplate jdbc;
    private final long runId;
    private final double maxRejectFraction;

    public IngestReconciliation(JdbcTemplate jdbc, long runId, double maxRejectFraction) {
        this.jdbc = jdbc;
        this.runId = runId;
        this.maxRejectFraction = maxRejectFraction;
    }

    /** One file's accounting. */
    public record FileAccount(int index, String name, String kind, long rowsRead, long rowsAccepted,
                              long rowsRejected, String sha256) {
    }

    /**
     * @param ingestContext the ingest step's execution context (per-file rows read and SHA-256, as the
     *                      {@code ExtractItemReader} recorded them)
     */
    public List<FileAccount> reconcile(ExecutionContext ingestContext) {
        int files = ingestContext.getInt("ingest.files");
        String[] names = new String[files];
        String[] kinds = new String[files];
        for (int i = 0; i < files; i++) {
            names[i] = ingestContext.getString("ingest.file." + i + ".name");
            kinds[i] = ingestContext.getString("ingest.file." + i + ".kind");
        }
        boolean anyPatientsFile = false;
        for (String kind : kinds) {
            anyPatientsFile |= FileKind.PATIENTS.name().equals(kind);
        }
        long[] accepted = new long[files];
        new PatientScan(names, anyPatientsFile, accepted).run();
        return account(ingestContext, names, kinds, accepted);
    }

    /**
     * One pass over the staged trials and patients-file rows in patient order (the indexes TRD_TRIAL_BY_PATIENT and
     * TRD_PATIENT_BY_ID), merged like the classify reader does: within a patient, a trial equal in every contract
     * column to an earlier one is a DUPLICATE_ROW (input.md; the hash is compared first, nulls equal nulls), a second
     * patients-file row is a DUPLICATE_PATIENT, and the trials of a patient no patients file names get a warning.
     * It replaces three joins of the whole extract with itself and a GROUP BY of it (a million index look-ups each).
     *
     * <p>The scan reads page by page ({@link PatientOrderCursor}) in the step's transaction, which also takes the
     * rejections, warnings and deletes it decides, so a failed attempt leaves nothing behind. Memory holds one
     * patient's rows, a page and at most a batch of decisions.
     */
    private final class PatientScan {
        private static final int BATCH = 5000;
        private final String[] names;
        private final boolean warnMissingPatients;
        private final long[] accepted;
        private final List<Object[]> issues = new ArrayList<>();
        private final List<Object[]> trialDeletes = new ArrayList<>();
        private final List<Object[]> patientDeletes = new ArrayList<>();
        private long duplicateTrials;
        private long duplicatePatients;

        PatientScan(String[] names, boolean warnMissingPatients, long[] accepted) {
            this.names = names;
            this.warnMissingPatients = warnMissingPatients;
            this.accepted = accepted;
        }

        void run() {
            // On the step's own connection and transaction: the cursor's pages are short statements that hold nothing
            // open while the decisions of a page are written; rows deleted here are behind the cursor already.
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                merge(new PatientOrderCursor(connection, """
                                PATIENT_ID, SEQ, ROW_HASH, EPISODE, START_DATE, END_DATE, TREATMENT, STRATEGY, DOSE,
                                DOSE_UNIT, SESSIONS, ADHERENCE_PCT, SCALE, BASELINE, OUTCOME, STOP_REASON""",
                                "TRD_TRIAL", true, runId, ""),
                        new PatientOrderCursor(connection, "PATIENT_ID, SEQ", "TRD_PATIENT", true, runId, ""));
                return null;
            });
            flush();
            if (duplicateTrials > 0) {
                log.info("{} rows rejected as {}", duplicateTrials, RejectionReason.DUPLICATE_ROW);
            }
            if (duplicatePatients > 0) {
                log.info("{} rows rejected as {}", duplicatePatients, RejectionReason.DUPLICATE_PATIENT);
            }
        }

        private void merge(PatientOrderCursor trials, PatientOrderCursor patients) throws SQLException {
            List<Object[]> group = new ArrayList<>();
            while (true) {
                String trialPatient = trials.peekPatient();
                String filePatient = patients.peekPatient();
                if (trialPatient == null && filePatient == null) {
                    return;
                }
                String id = trialPatient == null ? filePatient
                        : filePatient == null ? trialPatient
                        : (trialPatient.compareTo(filePatient) <= 0 ? trialPatient : filePatient);
                boolean hasPatientRow = false;
                long firstPatientSeq = 0;
                while (id.equals(patients.peekPatient())) {
                    long seq = ((Number) patients.next()[1]).longValue();
                    if (!hasPatientRow) {
                        hasPatientRow = true;
                        firstPatientSeq = seq;
                        accepted[fileOf(seq)]++;
                    } else {
                        duplicatePatients++;
                        reject(seq, firstPatientSeq, "patient_id", id, RejectionReason.DUPLICATE_PATIENT,
                                "This patient_id already has a row in the patients files (%s line %d); each patient must appear once.");
                        patientDeletes.add(new Object[] {runId, seq});
                    }
                }
                group.clear();
                while (id.equals(trials.peekPatient())) {
                    Object[] row = trials.next();
                    long seq = ((Number) row[1]).longValue();
                    Object[] first = firstEqual(group, row);
                    if (first != null) {
                        duplicateTrials++;
                        reject(seq, ((Number) first[1]).longValue(), null, null, RejectionReason.DUPLICATE_ROW,
                                "The same trial (same values in every column) was already accepted from %s line %d; it is counted once.");
                        trialDeletes.add(new Object[] {runId, seq});
                    } else {
                        accepted[fileOf(seq)]++;
                        if (warnMissingPatients && !hasPatientRow) {
                            issues.add(new Object[] {runId, seq, 0, "W", names[fileOf(seq)], seq % FILE_SHIFT,
                                    "patient_id", id, WarningCode.PATIENT_NOT_IN_PATIENTS_FILES.name(),
                                    "No patients file has a row for this patient_id; the trial is used without patient attributes."});
                        }
                    }
                    group.add(row);
                }
                if (issues.size() >= BATCH) {
                    flush();
                }
            }
        }

        /**
         * The earliest row of the group equal to {@code row} in ROW_HASH (index 2, compared first) and every contract
         * column after it, or null. PATIENT_ID (0) is equal within the group; SEQ (1) is the row's own.
         */
        private Object[] firstEqual(List<Object[]> group, Object[] row) {
            for (Object[] earlier : group) {
                boolean equal = true;
                for (int c = 2; c < TRIAL_COLUMNS && equal; c++) {
                    equal = Objects.equals(earlier[c], row[c]);
                }
                if (equal) {
                    return earlier;
                }
            }
            return null;
        }

        private void reject(long seq, long first, String column, String value, RejectionReason reason, String message) {
            issues.add(new Object[] {runId, seq, 0, "R", names[fileOf(seq)], seq % FILE_SHIFT, column, value,
                    reason.name(), String.format(message, names[fileOf(first)], first % FILE_SHIFT)});
        }

        private void flush() {
            if (!issues.isEmpty()) {
                jdbc.batchUpdate(StagedRowWriter.INSERT_ISSUE, issues);
                issues.clear();
            }
            if (!trialDeletes.isEmpty()) {
                jdbc.batchUpdate("DELETE FROM TRD_TRIAL WHERE RUN_ID = ? AND SEQ = ?", trialDeletes);
                trialDeletes.clear();
            }
            if (!patientDeletes.isEmpty()) {
                jdbc.batchUpdate("DELETE FROM TRD_PATIENT WHERE RUN_ID = ? AND SEQ = ?", patientDeletes);
                patientDeletes.clear();
            }
        }
    }

    /** PATIENT_ID, SEQ, ROW_HASH and the other contract columns, as the scan selects them. */
    private static final int TRIAL_COLUMNS = 16;

    private static int fileOf(long seq) {
        return (int) (seq / FILE_SHIFT);
    }

    private List<FileAccount> account(ExecutionContext ingestContext, String[] names, String[] kinds, long[] acceptedRows) {
        Map<Integer, Long> rejected = new HashMap<>();
        jdbc.query("SELECT SEQ / " + FILE_SHIFT + ", COUNT(DISTINCT SEQ) FROM TRD_ISSUE WHERE RUN_ID = ? AND KIND = 'R'"
                + " GROUP BY SEQ / " + FILE_SHIFT, rs -> {
            rejected.put(rs.getInt(1), rs.getLong(2));
        }, runId);

        List<FileAccount> accounts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            long read = ingestContext.getLong("ingest.file." + i + ".rowsRead", 0L);
            long ok = acceptedRows[i];
            long bad = rejected.getOrDefault(i, 0L);
            String sha = ingestContext.containsKey("ingest.file." + i + ".sha256")
                    ? ingestContext.getString("ingest.file." + i + ".sha256") : null;
            FileAccount account = new FileAccount(i, names[i], kinds[i], read, ok, bad, sha);
            accounts.add(account);
            if (read != ok + bad) {
                // Nothing lost, nothing silent: this would be a defect of the pipeline, never of the extract.
                throw new IllegalStateException(String.format(
                        "Accounting mismatch for %s: %d rows read but %d accepted + %d rejected", names[i], read, ok, bad));
            }
            if (read > 0 && (double) bad / read > maxRejectFraction) {
                problems.add(String.format("%s: %d of %d rows rejected (%.1f%%, more than the allowed %.1f%%)",
                        names[i], bad, read, 100.0 * bad / read, 100.0 * maxRejectFraction));
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

    /** A file-level failure of input.md: more than max-reject-fraction of a file's rows rejected. */
    public static class RejectFractionExceeded extends ExtractFailure {
        public RejectFractionExceeded(String message) {
            super(message);
        }
    }
}
