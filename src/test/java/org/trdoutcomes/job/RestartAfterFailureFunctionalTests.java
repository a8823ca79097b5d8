package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.trdoutcomes.job.OpsFixtures.AS_OF;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.ingest.ExtractFileItemReader;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * A run that fails mid-ingest (an injected fault after 3 committed chunks of 50 rows, in the first file's
 * partition), then the same command again: it re-runs only the failed partition from its committed chunks, stages
 * no row twice and loses none, publishes exactly one report, and every number equals an uninterrupted run's
 * ({@code --rerun}, after the fault was spent). One partition at a time, so that the fault lands in a known file.
 */
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "trd.staging.retain=true",
        "trd.ingest.chunk-size=50",
        "trd.ops.fail-after-chunks=3",
        "trd.partition.threads=1",
        "spring.datasource.url=jdbc:h2:file:./target/test-db/restart-${random.uuid}"})
class RestartAfterFailureFunctionalTests {

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
    void aRunThatFailedMidIngestResumesAndPublishesTheNumbersOfAnUninterruptedRun() throws Exception {
        // given an extract whose first trials file has several hundred rows, so that the fault after 3 chunks lands
        // mid-file
        OpsFixtures.syntheticExtract(input, 400);
        LaunchOptions options = new LaunchOptions(input, output, AS_OF, false);

        // when the first launch fails mid-ingest
        JobLaunch.Outcome failed = launch.run(options);

        // then nothing is published, the failure is one line, and the committed chunks stay staged
        assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.message()).contains("Injected fault").contains("Launch the same command again")
                .doesNotContain("\n");
        assertThat(OpsFixtures.reports(output)).isEmpty();
        long runId = failed.execution().getJobInstance().getInstanceId();
        List<StepExecution> partitions = ingestPartitions(failed);
        assertThat(partitions).extracting(StepExecution::getStepName, StepExecution::getStatus).containsExactly(
                tuple("ingestFile:file0", BatchStatus.FAILED), tuple("ingestFile:file1", BatchStatus.COMPLETED),
                tuple("ingestFile:file2", BatchStatus.COMPLETED), tuple("ingestFile:file3", BatchStatus.COMPLETED));
        assertThat(partitions.get(0).getExecutionContext().getLong(ExtractFileItemReader.ROWS_READ_KEY))
                .as("rows of the three committed chunks of the failed file").isEqualTo(150L);
        long stagedAfterFailure = OpsFixtures.stagedRows(properties, failed.execution());
        assertThat(stagedAfterFailure).isPositive();

        // when the same command is launched again
        JobLaunch.Outcome restarted = launch.run(options);

        // then the same instance completes, re-running only the failed file's partition, from where it stopped
        assertThat(restarted.exitCode()).as(restarted.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(restarted.execution().getJobInstance().getInstanceId()).isEqualTo(runId);
        assertThat(ingestPartitions(restarted)).extracting(StepExecution::getStepName, StepExecution::getStatus)
                .containsExactly(tuple("ingestFile:file0", BatchStatus.COMPLETED));
        assertThat(OpsFixtures.stagedRows(properties, restarted.execution())).isGreaterThan(stagedAfterFailure);
        assertThat(OpsFixtures.reports(output)).as("exactly one report and the latest copy")
                .hasSize(2).contains("trd-outcomes-latest.xlsx");
        OpsFixtures.assertStagedEqualsAccepted(properties, jdbc, restarted.execution(), restarted.report());

        // and its numbers are those of an uninterrupted run
        JobLaunch.Outcome clean = launch.run(new LaunchOptions(input, cleanOutput, AS_OF, true));
        assertThat(clean.exitCode()).as(clean.message()).isEqualTo(ExitCodes.COMPLETED);
        OpsFixtures.assertSameNumbers(restarted.report(), clean.report());
    }

    private static List<StepExecution> ingestPartitions(JobLaunch.Outcome outcome) {
        return outcome.execution().getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith(TrdOutcomesJobConfiguration.INGEST_FILE + ":"))
                .sorted(Comparator.comparing(StepExecution::getStepName)).toList();
    }
}
