package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.job.OpsFixtures.AS_OF;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * A run that fails mid-ingest (an injected fault after 3 committed chunks of 50 rows), then the same command
 * again: it resumes the failed instance from the committed chunks, stages no row twice and loses none, publishes
 * exactly one report, and every number equals an uninterrupted run's ({@code --rerun}, after the fault was spent).
 */
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "trd.staging.retain=true",
        "trd.ingest.chunk-size=50",
        "trd.ops.fail-after-chunks=3",
        "spring.datasource.url=jdbc:h2:file:./target/test-db/restart-${random.uuid}"})
class RestartAfterFailureFunctionalTests {

    @Autowired
    JobLaunch launch;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobRepository jobRepository;

    @TempDir
    Path input;
    @TempDir
    Path output;
    @TempDir
    Path cleanOutput;

    @Test
    void aRunThatFailedMidIngestResumesAndPublishesTheNumbersOfAnUninterruptedRun() throws Exception {
        // given an extract of several hundred rows, so that the fault after 3 chunks lands mid-ingest
        OpsFixtures.syntheticExtract(input, 150);
        LaunchOptions options = new LaunchOptions(input, output, AS_OF, false);

        // when the first launch fails mid-ingest
        JobLaunch.Outcome failed = launch.run(options);

        // then nothing is published, the failure is one line, and the committed chunks stay staged
        assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.message()).contains("Injected fault").contains("Launch the same command again")
                .doesNotContain("\n");
        assertThat(OpsFixtures.reports(output)).isEmpty();
        long runId = failed.execution().getJobInstance().getInstanceId();
        long stagedAfterFailure = jdbc.queryForObject("SELECT COUNT(*) FROM TRD_TRIAL WHERE RUN_ID = ?", Long.class,
                runId) + jdbc.queryForObject("SELECT COUNT(*) FROM TRD_PATIENT WHERE RUN_ID = ?", Long.class, runId);
        // three committed chunks of 50 rows, less the few rows rejected (the generator breaks some on purpose)
        assertThat(stagedAfterFailure).as("rows staged by the three committed chunks").isBetween(140L, 150L);

        // when the same command is launched again
        JobLaunch.Outcome restarted = launch.run(options);

        // then the same instance completes, from where it stopped
        assertThat(restarted.exitCode()).as(restarted.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(restarted.execution().getJobInstance().getInstanceId()).isEqualTo(runId);
        var ingest = restarted.execution().getStepExecutions().stream()
                .filter(s -> s.getStepName().equals(TrdOutcomesJobConfiguration.INGEST)).findFirst().orElseThrow();
        assertThat(ingest.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(OpsFixtures.reports(output)).as("exactly one report and the latest copy")
                .hasSize(2).contains("trd-outcomes-latest.xlsx");
        OpsFixtures.assertStagedEqualsAccepted(jdbc, runId, restarted.report());

        // and its numbers are those of an uninterrupted run
        JobLaunch.Outcome clean = launch.run(new LaunchOptions(input, cleanOutput, AS_OF, true));
        assertThat(clean.exitCode()).as(clean.message()).isEqualTo(ExitCodes.COMPLETED);
        OpsFixtures.assertSameNumbers(restarted.report(), clean.report());
    }
}
