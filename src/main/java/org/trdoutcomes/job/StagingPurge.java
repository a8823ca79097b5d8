package org.trdoutcomes.job;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes the patient-level staging rows of every completed run once its report is published (data
 * minimisation: the report is the product; staged trials, patients, rejections and patient results are only the
 * means). Runs after a job execution ends COMPLETED, so a failed run keeps its rows for the restart that needs
 * them. Every completed instance is swept, not only this one, so rows that an earlier purge could not delete
 * (database gone at the end of a run) or that {@code trd.staging.retain=true} kept go with the next completed run.
 *
 * <p>{@code TRD_INPUT_FILE} stays: file names, row counts and SHA-256 tell which extract a report came from and
 * hold nothing about a patient.
 */
@Component
public class StagingPurge implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(StagingPurge.class);

    /** The staging tables that hold a row per patient, trial or rejected row. */
    static final List<String> PATIENT_LEVEL_TABLES = List.of("TRD_TRIAL", "TRD_PATIENT", "TRD_ISSUE",
            "TRD_PATIENT_RESULT");

    private final JdbcTemplate jdbc;
    private final StagingProperties properties;

    public StagingPurge(JdbcTemplate jdbc, StagingProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED || properties.isRetain()) {
            return;
        }
        try {
            long deleted = purgeCompletedRuns();
            log.info("Staged patient-level rows deleted: {} (trd.staging.retain=false)", deleted);
        } catch (DataAccessException e) {
            // the report is published and correct; the rows go with the next completed run
            log.warn("Staged rows of completed runs could not be deleted now ({}); the next completed run deletes them",
                    e.getMostSpecificCause().getMessage());
        }
    }

    /** Deletes the patient-level rows of every job instance that has a completed execution; returns rows deleted. */
    public long purgeCompletedRuns() {
        // one run at a time through the RUN_ID indexes: H2 plans "RUN_ID IN (SELECT ..)" as a scan
        List<Long> completed = jdbc.queryForList(
                "SELECT DISTINCT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED'", Long.class);
        long deleted = 0;
        for (long runId : completed) {
            for (String table : PATIENT_LEVEL_TABLES) {
                deleted += jdbc.update("DELETE FROM " + table + " WHERE RUN_ID = ?", runId);
            }
        }
        return deleted;
    }
}
