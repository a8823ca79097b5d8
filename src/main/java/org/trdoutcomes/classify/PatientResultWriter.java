package org.trdoutcomes.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
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
        List<Object[]> rows = new ArrayList<>(chunk.size());
        for (ClassifiedPatient c : chunk) {
            PatientAssessment a = c.assessment();
            String others = extraProfileIndexes.stream()
                    .map(i -> c.classificationsByProfile().get(i).name())
                    .collect(Collectors.joining(";"));
            rows.add(new Object[] {runId, a.patient().patientId(), a.patient().site(), a.currentEpisode(),
                    a.antidepressantTrials(), a.failedAgents(), a.adequatelyFailedAgents(), a.classification().name(),
                    a.thaseRushStage(), a.mghScore(),
                    a.maudsley() == null ? null : a.maudsley().total(),
                    a.maudsley() == null ? null : a.maudsley().category().label(),
                    a.flagText(), others});
        }
        jdbc.batchUpdate("""
                INSERT INTO TRD_PATIENT_RESULT (RUN_ID, PATIENT_ID, SITE, EPISODE, AD_TRIALS, FAILED_AGENTS,
                    ADEQUATE_FAILED, CLASSIFICATION, THASE_RUSH, MGH_S, MSM_SCORE, MSM_CATEGORY, FLAGS, OTHER_PROFILES)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
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
