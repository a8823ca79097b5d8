package org.trdoutcomes.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
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
        rejectDuplicateTrials(names);
        rejectDuplicatePatients(names);
        boolean anyPatientsFile = false;
        for (String kind : kinds) {
            anyPatientsFile |= FileKind.PATIENTS.name().equals(kind);
        }
        if (anyPatientsFile) {
            warnTrialsWithoutPatient(names);
        }
        return account(ingestContext, names, kinds);
    }

    private void rejectDuplicateTrials(String[] names) {
        // Same values in every contract column as an earlier accepted row (input.md DUPLICATE_ROW). Candidates are
        // the patient's earlier rows (index TRD_TRIAL_BY_PATIENT, a few per patient), narrowed by the hash; every
        // column is then compared, nulls equal to nulls.
        List<long[]> duplicates = jdbc.query("""
                SELECT d.SEQ, MIN(e.SEQ) FROM TRD_TRIAL d JOIN TRD_TRIAL e
                  ON e.RUN_ID = d.RUN_ID AND e.PATIENT_ID = d.PATIENT_ID AND e.SEQ < d.SEQ
                 AND e.ROW_HASH = d.ROW_HASH AND e.EPISODE = d.EPISODE AND e.START_DATE = d.START_DATE
                 AND e.END_DATE IS NOT DISTINCT FROM d.END_DATE AND e.TREATMENT = d.TREATMENT
                 AND e.STRATEGY IS NOT DISTINCT FROM d.STRATEGY AND e.DOSE IS NOT DISTINCT FROM d.DOSE
                 AND e.DOSE_UNIT IS NOT DISTINCT FROM d.DOSE_UNIT AND e.SESSIONS IS NOT DISTINCT FROM d.SESSIONS
                 AND e.ADHERENCE_PCT IS NOT DISTINCT FROM d.ADHERENCE_PCT AND e.SCALE IS NOT DISTINCT FROM d.SCALE
                 AND e.BASELINE IS NOT DISTINCT FROM d.BASELINE AND e.OUTCOME IS NOT DISTINCT FROM d.OUTCOME
                 AND e.STOP_REASON IS NOT DISTINCT FROM d.STOP_REASON
                WHERE d.RUN_ID = ? GROUP BY d.SEQ ORDER BY d.SEQ""",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId);
        rejectStaged("TRD_TRIAL", duplicates, names, RejectionReason.DUPLICATE_ROW, null,
                "The same trial (same values in every column) was already accepted from %s line %d; it is counted once.");
    }

    private void rejectDuplicatePatients(String[] names) {
        List<long[]> duplicates = jdbc.query("""
                SELECT d.SEQ, MIN(e.SEQ) FROM TRD_PATIENT d JOIN TRD_PATIENT e
                  ON e.RUN_ID = d.RUN_ID AND e.PATIENT_ID = d.PATIENT_ID AND e.SEQ < d.SEQ
                WHERE d.RUN_ID = ? GROUP BY d.SEQ ORDER BY d.SEQ""",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId);
        rejectStaged("TRD_PATIENT", duplicates, names, RejectionReason.DUPLICATE_PATIENT, "patient_id",
                "This patient_id already has a row in the patients files (%s line %d); each patient must appear once.");
    }

    private void rejectStaged(String table, List<long[]> duplicates, String[] names, RejectionReason reason,
                              String column, String message) {
        if (duplicates.isEmpty()) {
            return;
        }
        List<Object[]> issues = new ArrayList<>(duplicates.size());
        List<Object[]> deletes = new ArrayList<>(duplicates.size());
        for (long[] d : duplicates) {
            long seq = d[0];
            long first = d[1];
            String value = column == null ? null
                    : jdbc.queryForObject("SELECT PATIENT_ID FROM " + table + " WHERE RUN_ID = ? AND SEQ = ?",
                            String.class, runId, seq);
            issues.add(new Object[] {runId, seq, 0, "R", names[(int) (seq / FILE_SHIFT)], seq % FILE_SHIFT, column,
                    value, reason.name(),
                    String.format(message, names[(int) (first / FILE_SHIFT)], first % FILE_SHIFT)});
            deletes.add(new Object[] {runId, seq});
        }
        jdbc.batchUpdate(StagedRowWriter.INSERT_ISSUE, issues);
        jdbc.batchUpdate("DELETE FROM " + table + " WHERE RUN_ID = ? AND SEQ = ?", deletes);
        log.info("{} rows rejected as {}", duplicates.size(), reason);
    }

    private void warnTrialsWithoutPatient(String[] names) {
        List<Object[]> warnings = new ArrayList<>();
        jdbc.query("""
                SELECT t.SEQ, t.PATIENT_ID FROM TRD_TRIAL t WHERE t.RUN_ID = ? AND NOT EXISTS
                  (SELECT 1 FROM TRD_PATIENT p WHERE p.RUN_ID = t.RUN_ID AND p.PATIENT_ID = t.PATIENT_ID)
                ORDER BY t.SEQ""", rs -> {
            long seq = rs.getLong(1);
            warnings.add(new Object[] {runId, seq, 0, "W", names[(int) (seq / FILE_SHIFT)], seq % FILE_SHIFT,
                    "patient_id", rs.getString(2), WarningCode.PATIENT_NOT_IN_PATIENTS_FILES.name(),
                    "No patients file has a row for this patient_id; the trial is used without patient attributes."});
            if (warnings.size() == 5000) {
                jdbc.batchUpdate(StagedRowWriter.INSERT_ISSUE, warnings);
                warnings.clear();
            }
        }, runId);
        if (!warnings.isEmpty()) {
            jdbc.batchUpdate(StagedRowWriter.INSERT_ISSUE, warnings);
        }
    }

    private List<FileAccount> account(ExecutionContext ingestContext, String[] names, String[] kinds) {
        Map<Integer, Long> accepted = new HashMap<>();
        for (String table : List.of("TRD_TRIAL", "TRD_PATIENT")) {
            jdbc.query("SELECT SEQ / " + FILE_SHIFT + ", COUNT(*) FROM " + table + " WHERE RUN_ID = ? GROUP BY SEQ / "
                    + FILE_SHIFT, rs -> {
                accepted.merge(rs.getInt(1), rs.getLong(2), Long::sum);
            }, runId);
        }
        Map<Integer, Long> rejected = new HashMap<>();
        jdbc.query("SELECT SEQ / " + FILE_SHIFT + ", COUNT(DISTINCT SEQ) FROM TRD_ISSUE WHERE RUN_ID = ? AND KIND = 'R'"
                + " GROUP BY SEQ / " + FILE_SHIFT, rs -> {
            rejected.put(rs.getInt(1), rs.getLong(2));
        }, runId);

        List<FileAccount> accounts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            long read = ingestContext.getLong("ingest.file." + i + ".rowsRead", 0L);
            long ok = accepted.getOrDefault(i, 0L);
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
