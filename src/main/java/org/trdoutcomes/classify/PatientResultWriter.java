package org.trdoutcomes.classify;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.rules.Classification;
import org.trdoutcomes.rules.PatientAssessment;

/**
 * Stores one row per patient (the Patients sheet) and adds the patient to the {@link OutcomeTally}. The tally
 * lives in the step's execution context, saved in the same transaction as the rows, so after a failure the
 * restarted step holds exactly the counts of the rows already stored.
 */
public class PatientResultWriter implements ItemStreamWriter<ClassifiedPatient> {

    public static final String TALLY_KEY = "classify.tally";
    private static final String INSERT = """
            INSERT INTO TRD_PATIENT_RESULT (RUN_ID, PATIENT_ID, SITE, EPISODE, AD_TRIALS, FAILED_AGENTS,
                ADEQUATE_FAILED, CLASSIFICATION, THASE_RUSH, MGH_S, MSM_SCORE, MSM_CATEGORY, FLAGS, OTHER_PROFILES)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final long runId;
    private final int comparedProfiles;
    /** Indexes (into the compared profiles) of the profiles shown as extra Patients columns. */
    private final List<Integer> extraProfileIndexes;
    private OutcomeTally tally;

    public PatientResultWriter(JdbcTemplate jdbc, long runId, int comparedProfiles, List<Integer> extraProfileIndexes) {
        this.jdbc = jdbc;
        this.runId = runId;
        this.comparedProfiles = comparedProfiles;
        this.extraProfileIndexes = List.copyOf(extraProfileIndexes);
    }

    @Override
    public void open(ExecutionContext executionContext) {
        Object saved = executionContext.get(TALLY_KEY);
        tally = saved instanceof OutcomeTally t ? t : new OutcomeTally(comparedProfiles);
    }

    @Override
    public void write(Chunk<? extends ClassifiedPatient> chunk) {
        // Typed setters on one statement per chunk (the chunk transaction's connection): Spring's
        // batchUpdate(sql, Object[]) guessed each parameter's type and asked the driver about every null.
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
                StringBuilder others = new StringBuilder();
                for (ClassifiedPatient c : chunk) {
                    PatientAssessment a = c.assessment();
                    others.setLength(0);
                    for (int i : extraProfileIndexes) {
                        if (others.length() > 0) {
                            others.append(';');
                        }
                        others.append(c.classificationsByProfile().get(i).name());
                    }
                    ps.setLong(1, runId);
                    ps.setString(2, a.patient().patientId());
                    if (a.patient().site() == null) {
                        ps.setNull(3, Types.VARCHAR);
                    } else {
                        ps.setString(3, a.patient().site());
                    }
                    ps.setInt(4, a.currentEpisode());
                    ps.setInt(5, a.antidepressantTrials());
                    ps.setInt(6, a.failedAgents());
                    ps.setInt(7, a.adequatelyFailedAgents());
                    ps.setString(8, a.classification().name());
                    ps.setInt(9, a.thaseRushStage());
                    ps.setDouble(10, a.mghScore());
                    if (a.maudsley() == null) {
                        ps.setNull(11, Types.INTEGER);
                        ps.setNull(12, Types.VARCHAR);
                    } else {
                        ps.setInt(11, a.maudsley().total());
                        ps.setString(12, a.maudsley().category().label());
                    }
                    ps.setString(13, a.flagText());
                    ps.setString(14, others.toString());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        for (ClassifiedPatient c : chunk) {
            tally.add(c);
        }
    }

    @Override
    public void update(ExecutionContext executionContext) {
        executionContext.put(TALLY_KEY, tally);
    }

    /** For logging the final summary. */
    public long count(Classification c) {
        return tally == null ? 0 : tally.count(c);
    }
}
