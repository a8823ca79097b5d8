package org.trdoutcomes.ingest;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
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
        List<Object[]> trials = new ArrayList<>();
        List<Object[]> patients = new ArrayList<>();
        List<Object[]> issues = new ArrayList<>();
        for (ExtractRow row : chunk) {
            if (row instanceof ExtractRow.AcceptedTrial t) {
                trials.add(trialRow(t));
            } else if (row instanceof ExtractRow.AcceptedPatient p) {
                patients.add(patientRow(p));
            } else if (row instanceof ExtractRow.RejectedRow r) {
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
        if (!trials.isEmpty()) {
            jdbc.batchUpdate(INSERT_TRIAL, trials);
        }
        if (!patients.isEmpty()) {
            jdbc.batchUpdate(INSERT_PATIENT, patients);
        }
        if (!issues.isEmpty()) {
            jdbc.batchUpdate(INSERT_ISSUE, issues);
        }
    }

    private Object[] trialRow(ExtractRow.AcceptedTrial row) {
        Trial t = row.trial();
        String treatment = t.treatment().canonicalName();
        String strategy = t.strategy() == null ? null : t.strategy().name();
        Double dose = t.dose() == null ? null : t.dose().amount();
        String unit = t.dose() == null ? null : t.dose().unit().name();
        String scale = t.scale() == null ? null : t.scale().name();
        String stop = t.stopReason() == null ? null : t.stopReason().name();
        long hash = hash(t.patientId(), t.episode(), t.startDate(), t.endDate(), treatment, strategy, dose, unit,
                t.sessions(), t.adherencePct(), scale, t.baselineScore(), t.outcomeScore(), stop);
        return new Object[] {runId, sequence(row.fileIndex(), row.line()), t.patientId(), t.episode(),
                date(t.startDate()), date(t.endDate()), treatment, strategy, dose, unit, t.sessions(),
                t.adherencePct(), scale, t.baselineScore(), t.outcomeScore(), stop, hash};
    }

    private Object[] patientRow(ExtractRow.AcceptedPatient row) {
        PatientAttributes p = row.patient();
        return new Object[] {runId, sequence(row.fileIndex(), row.line()), p.patientId(), p.site(), p.sex(),
                p.ageBand(), p.diagnosis(), date(p.episodeStart()), p.psychoticFeatures(), p.bipolar(),
                p.hypothyroidism(), p.substanceUse(), p.trauma(), p.adhd()};
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

    private static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    private static String cut(String value) {
        return value == null || value.length() <= 100 ? value : value.substring(0, 100);
    }
}
