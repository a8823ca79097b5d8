package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.job.OpsFixtures.AS_OF;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * The check step's plan (the bucket count) goes to the job's execution context, which Spring Batch commits after the
 * step's own COMPLETED: a process killed between the two commits leaves a completed check and no plan. The check step
 * runs again at every restart, so the same command still completes, with the plan of the first attempt.
 */
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "trd.staging.retain=true",
        "trd.ingest.chunk-size=50",
        "trd.ops.fail-after-chunks=3",
        "spring.datasource.url=jdbc:h2:file:./target/test-db/lost-plan-${random.uuid}"})
class LostPlanRestartFunctionalTests {

    @Autowired
    JobLaunch launch;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    TrdProperties properties;

    @TempDir
    Path input;
    @TempDir
    Path output;
    @TempDir
    Path cleanOutput;

    @Test
    void aRunKilledBetweenTheCheckStepAndTheSavingOfItsPlanResumesWithTheSamePlan() throws Exception {
        // given a run that failed mid-ingest
        OpsFixtures.syntheticExtract(input, 400);
        LaunchOptions options = new LaunchOptions(input, output, AS_OF, false);
        JobLaunch.Outcome failed = launch.run(options);
        assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
        int buckets = failed.execution().getExecutionContext().getInt(TrdOutcomesJobConfiguration.BUCKETS_KEY);

        // and whose job context lost the plan, as a process killed after the check step's commit and before Spring
        // Batch's separate commit of the job's context would leave it
        JobExecution last = jobRepository.getLastJobExecution(failed.execution().getJobInstance());
        last.getExecutionContext().remove(TrdOutcomesJobConfiguration.BUCKETS_KEY);
        jobRepository.updateExecutionContext(last);

        // when the same command is launched again, then the check step runs again, plans the same buckets, and the
        // run completes with the numbers of an uninterrupted run
        JobLaunch.Outcome restarted = launch.run(options);
        assertThat(restarted.exitCode()).as(restarted.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(restarted.execution().getStepExecutions()).extracting(StepExecution::getStepName)
                .contains(TrdOutcomesJobConfiguration.CHECK);
        assertThat(restarted.execution().getExecutionContext().getInt(TrdOutcomesJobConfiguration.BUCKETS_KEY))
                .isEqualTo(buckets);
        OpsFixtures.assertStagedEqualsAccepted(properties, jdbc, restarted.execution(), restarted.report());
        JobLaunch.Outcome clean = launch.run(new LaunchOptions(input, cleanOutput, AS_OF, true));
        OpsFixtures.assertSameNumbers(restarted.report(), clean.report());
    }

}
