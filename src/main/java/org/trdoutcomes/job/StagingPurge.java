package org.trdoutcomes.job;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
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
 * hold nothing about a patient. So do the run history ({@code TRD_RUN_HISTORY}, aggregates) and the latest night's
 * classifications ({@code TRD_PREVIOUS_CLASSIFICATION}), which the next night compares with: they are not staging,
 * and {@code trd.report.compare-previous=false} is what empties the latter (docs/robustness.md).
 */
@Component
public class StagingPurge implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(StagingPurge.class);

    /** The staging tables that hold a row per patient, trial or rejected row. */
    static final List<String> PATIENT_LEVEL_TABLES = List.of("TRD_ISSUE");

    private final JdbcTemplate jdbc;
    private final StagingProperties properties;
    private final TrdProperties trd;
    private final JobRepository jobRepository;

    public StagingPurge(JdbcTemplate jdbc, StagingProperties properties, TrdProperties trd,
                        JobRepository jobRepository) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.trd = trd;
        this.jobRepository = jobRepository;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED || properties.retain()) {
            return;
        }
        try {
            purgeWorkFolders(execution);
        } catch (RuntimeException e) {
            log.warn("The work files of completed runs could not be deleted now ({}); the next completed run deletes"
                    + " them", e.getMessage());
        }
        try {
            long deleted = purgeCompletedRuns(execution.getJobInstance().getInstanceId());
            log.info("Staged patient-level rows of completed runs deleted{} (trd.staging.retain=false)",
                    deleted < 0 ? "" : ": " + deleted);
        } catch (DataAccessException e) {
            // the report is published and correct; the rows go with the next completed run
            log.warn("Staged rows of completed runs could not be deleted now ({}); the next completed run deletes them",
                    e.getMostSpecificCause().getMessage());
        }
    }

    /**
     * Deletes the work folder (bucket and result files) of this run and of every other completed run that kept its
     * own ({@code trd.staging.retain=true} then); a failed run's folder stays for its restart.
     */
    void purgeWorkFolders(JobExecution execution) {
        TrdOutcomesJobConfiguration.workFolder(trd, execution).delete();
        for (Long id : jdbc.queryForList(
                "SELECT DISTINCT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED'", Long.class)) {
            JobInstance instance = jobRepository.getJobInstance(id);
            JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
            if (last != null) {
                TrdOutcomesJobConfiguration.workFolder(trd, last).delete();
            }
        }
    }

    /**
     * Deletes the patient-level rows of every job instance that has a completed execution (and of the instance that
     * just completed); returns rows deleted, or -1 when the tables were emptied whole.
     *
     * <p>Runs under the run lock, so no other run stages meanwhile. When no run that may still be restarted has
     * rows left, the tables are truncated: deleting a million staged rows one by one took longer than the run
     * (25 s at a million trial rows on H2) and held them all in one transaction. Otherwise the completed runs'
     * rows are deleted run by run and the restartable ones stay.
     */
    public long purgeCompletedRuns(long currentRunId) {
        Set<Long> completed = new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED'", Long.class));
        completed.add(currentRunId);
        List<Long> restartable = jdbc.queryForList("SELECT JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE", Long.class)
                .stream().filter(id -> !completed.contains(id)).toList();
        boolean restartableRowsLeft = false;
        for (long runId : restartable) {
            for (String table : PATIENT_LEVEL_TABLES) {
                // an index seek on (RUN_ID, ...) per table: cheap whatever the size of the tables
                restartableRowsLeft |= !jdbc.queryForList("SELECT 1 FROM " + table
                        + " WHERE RUN_ID = ? FETCH FIRST 1 ROWS ONLY", Integer.class, runId).isEmpty();
            }
        }
        if (!restartableRowsLeft) {
            for (String table : PATIENT_LEVEL_TABLES) {
                jdbc.execute("TRUNCATE TABLE " + table);
            }
            return -1;
        }
        long deleted = 0;
        for (long runId : completed) {
            for (String table : PATIENT_LEVEL_TABLES) {
                deleted += jdbc.update("DELETE FROM " + table + " WHERE RUN_ID = ?", runId);
            }
        }
        return deleted;
    }
}
