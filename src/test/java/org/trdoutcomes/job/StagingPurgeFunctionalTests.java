package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * Data minimisation against restart: a completed run deletes the staged patient-level rows of completed runs, but
 * never those of a failed run that the same command will resume.
 */
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "trd.ingest.chunk-size=50",
        "trd.ops.fail-after-chunks=3",
        "spring.datasource.url=jdbc:h2:file:./target/test-db/purge-${random.uuid}"})
class StagingPurgeFunctionalTests {

    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

    @Autowired
    JobLaunch launch;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TrdProperties properties;

    @Test
    void aCompletedRunPurgesCompletedRunsButKeepsTheRowsOfARunWaitingForItsRestart(
            @TempDir Path bigInput, @TempDir Path smallInput, @TempDir Path output) throws Exception {
        // given a run that failed mid-ingest (the injected fault fires once), its committed chunks staged
        OpsFixtures.syntheticExtract(bigInput, 150);
        LaunchOptions failing = new LaunchOptions(bigInput, output, AS_OF, false);
        JobLaunch.Outcome failed = launch.run(failing);
        assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
        long failedRun = failed.execution().getJobInstance().getInstanceId();
        long stagedByFailedRun = staged(failed.execution());
        assertThat(stagedByFailedRun).isPositive();

        // when another night completes
        OpsFixtures.syntheticExtract(smallInput, 10);
        JobLaunch.Outcome other = launch.run(new LaunchOptions(smallInput, output, AS_OF.minusDays(1), false));
        assertThat(other.exitCode()).as(other.message()).isEqualTo(ExitCodes.COMPLETED);

        // then its own rows are gone and the failed run's rows are all still there
        assertThat(staged(other.execution())).isZero();
        assertThat(OpsFixtures.workFolderExists(properties, other.execution())).isFalse();
        assertThat(staged(failed.execution())).isEqualTo(stagedByFailedRun);

        // and when the failed run is resumed and completes, nothing patient-level is left at all
        JobLaunch.Outcome resumed = launch.run(failing);
        assertThat(resumed.exitCode()).as(resumed.message()).isEqualTo(ExitCodes.COMPLETED);
        for (String table : StagingPurge.PATIENT_LEVEL_TABLES) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class)).as(table).isZero();
        }
        assertThat(OpsFixtures.workFolderExists(properties, resumed.execution())).as("its work files").isFalse();
        assertThat(failedRun).isEqualTo(resumed.execution().getJobInstance().getInstanceId());
    }

    /** Patient-level data a run keeps: rows in its bucket files and in the staging tables. */
    private long staged(JobExecution execution) throws Exception {
        long rows = OpsFixtures.stagedRows(properties, execution);
        for (String table : StagingPurge.PATIENT_LEVEL_TABLES) {
            rows += jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE RUN_ID = ?", Long.class,
                    execution.getJobInstance().getInstanceId());
        }
        return rows;
    }
}
