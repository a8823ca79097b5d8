package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.job.OpsFixtures.AS_OF;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.trdoutcomes.TrdOutcomesApplication;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * The partitioned data path on a synthetic extract: the number of buckets and threads changes nothing in the
 * workbook, and a classify partition that fails makes the run fail cleanly, after which the same command re-runs
 * that partition only and publishes the numbers of an uninterrupted run.
 */
class PartitionedRunFunctionalTests {

    @TempDir
    Path input;
    @TempDir
    Path reports;

    /** A context of its own (its own database and settings), as a separate launch of the command would have. */
    private static ConfigurableApplicationContext context(String... settings) {
        List<String> args = new ArrayList<>(List.of("--trd.launch.enabled=false",
                "--spring.datasource.url=jdbc:h2:file:./target/test-db/partitioned-" + System.nanoTime()));
        for (String s : settings) {
            args.add("--" + s);
        }
        return new SpringApplicationBuilder(TrdOutcomesApplication.class).properties("trd.launch.enabled=false")
                .run(args.toArray(String[]::new));
    }

    private JobLaunch.Outcome run(String name, boolean rerun, String... settings) {
        try (ConfigurableApplicationContext context = context(settings)) {
            return context.getBean(JobLaunch.class).run(new LaunchOptions(input, reports.resolve(name), AS_OF, rerun));
        }
    }

    @Test
    void oneBucketOrManyOnOneThreadOrTwoGiveTheSameWorkbook() throws Exception {
        OpsFixtures.syntheticExtract(input, 400);

        JobLaunch.Outcome one = run("one", false, "trd.partition.buckets=1", "trd.partition.threads=1");
        JobLaunch.Outcome many = run("many", false, "trd.partition.buckets=13", "trd.partition.threads=2");
        JobLaunch.Outcome auto = run("auto", false);

        assertThat(one.exitCode()).as(one.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(many.exitCode()).as(many.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(auto.exitCode()).as(auto.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(classifyPartitions(one.execution())).hasSize(1);
        assertThat(classifyPartitions(many.execution())).hasSize(13);
        List<String> cells = everyCell(one.report());
        assertThat(cells).as("the workbook has data").hasSizeGreaterThan(4000);
        assertThat(everyCell(many.report())).containsExactlyElementsOf(cells);
        assertThat(everyCell(auto.report())).containsExactlyElementsOf(cells);
    }

    @Test
    void aFailedPartitionFailsTheRunCleanlyAndTheSameCommandReRunsOnlyThatPartition() throws Exception {
        OpsFixtures.syntheticExtract(input, 400);
        String[] settings = {"trd.partition.buckets=4", "trd.ops.fail-classify-bucket=2", "trd.staging.retain=true"};

        JobLaunch.Outcome failed;
        JobLaunch.Outcome resumed;
        try (ConfigurableApplicationContext context = context(settings)) {
            JobLaunch launch = context.getBean(JobLaunch.class);
            LaunchOptions options = new LaunchOptions(input, reports.resolve("out"), AS_OF, false);

            failed = launch.run(options);
            assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
            assertThat(failed.message()).contains("Injected fault in partition classifyBucket:bucket2")
                    .contains("Launch the same command again").doesNotContain("\n");
            assertThat(reports.resolve("out")).as("nothing published").doesNotExist();
            assertThat(classifyPartitions(failed.execution())).extracting(StepExecution::getStatus)
                    .containsExactly(BatchStatus.COMPLETED, BatchStatus.COMPLETED, BatchStatus.FAILED,
                            BatchStatus.COMPLETED);

            resumed = launch.run(options);
            assertThat(resumed.exitCode()).as(resumed.message()).isEqualTo(ExitCodes.COMPLETED);
            assertThat(resumed.execution().getJobInstance().getInstanceId())
                    .isEqualTo(failed.execution().getJobInstance().getInstanceId());
            assertThat(classifyPartitions(resumed.execution())).extracting(StepExecution::getStepName)
                    .containsExactly("classifyBucket:bucket2");
            assertThat(resumed.execution().getStepExecutions()).extracting(StepExecution::getStepName)
                    .noneMatch(name -> name.startsWith("ingest"));
            OpsFixtures.assertStagedEqualsAccepted(context.getBean(TrdProperties.class),
                    context.getBean(org.springframework.jdbc.core.JdbcTemplate.class), resumed.execution(),
                    resumed.report());
        }
        assertThat(OpsFixtures.reports(reports.resolve("out"))).hasSize(2);

        // the failed partition had committed its work (the fault comes after it): its rejections and warnings were
        // replaced, not added twice, so every sheet equals an uninterrupted run's, Data quality included
        JobLaunch.Outcome clean = run("clean", false, "trd.partition.buckets=4");
        assertThat(clean.exitCode()).as(clean.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(everyCell(resumed.report())).containsExactlyElementsOf(everyCell(clean.report()));
    }

    private static List<StepExecution> classifyPartitions(org.springframework.batch.core.job.JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith(TrdOutcomesJobConfiguration.CLASSIFY_BUCKET + ":"))
                .sorted(java.util.Comparator.comparing(StepExecution::getStepName)).toList();
    }

    /** Every cell of every sheet as sheet!address=value, but the time the report was generated and its file name. */
    static List<String> everyCell(Path workbook) throws IOException {
        List<String> cells = new ArrayList<>();
        try (WorkbookReader wb = new WorkbookReader(workbook)) {
            for (String name : wb.sheetNames()) {
                Sheet sheet = wb.workbook().getSheet(name);
                for (Row row : sheet) {
                    if ("Report generated at".equals(WorkbookReader.value(row.getCell(0)))) {
                        continue;
                    }
                    for (Cell cell : row) {
                        if (name.equals("Trend") && cell.getColumnIndex() == 1) {
                            continue; // the report's own file name: each run's, in its own database
                        }
                        cells.add(name + "!" + cell.getAddress() + "=" + WorkbookReader.value(cell));
                    }
                }
            }
        }
        return cells;
    }
}
