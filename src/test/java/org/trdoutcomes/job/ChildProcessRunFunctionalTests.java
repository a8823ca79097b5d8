package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.trdoutcomes.job.OpsFixtures.AS_OF;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.trdoutcomes.TrdOutcomesApplication;
import org.trdoutcomes.launch.ExitCodes;

/**
 * The real command in child JVMs on one H2 file database, as the default configuration uses:
 * a process killed with SIGKILL mid-ingest or mid-classification leaves no workbook and, launched again with the
 * same command, is recovered and completed, re-running only the partitions that had not completed; a second process launched while one runs is refused with exit code 75 (H2 opens in
 * one process only: the refusal is translated from H2's "already in use"); SIGTERM stops a run cleanly and the same command resumes it. Every completed run is compared cell by
 * cell with an uninterrupted one.
 */
class ChildProcessRunFunctionalTests {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** Kept when a test fails: the children's logs are the evidence. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;
    Path input;
    Path output;
    String dbUrl;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void extract() {
        input = OpsFixtures.syntheticExtract(work.resolve("input"), 150);
        output = work.resolve("reports");
        // WRITE_DELAY=0: H2 writes a commit to its file up to half a second later, so a SIGKILL right after a logged
        // commit may take the commit with it (the restart then starts over, safely, but recovers nothing to show)
        dbUrl = "jdbc:h2:file:" + work.resolve("db/trd").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aKilledRunLeavesNoWorkbookAndTheSameCommandRecoversAndCompletesIt() throws Exception {
        // given a run held mid-ingest, so that the kill lands there
        Process first = child("first.log", List.of("--trd.ops.ingest-hold-after-chunks=3"), output);
        awaitLog("first.log", "Drill: ingest held after 3 chunks");

        // when it is killed (SIGKILL: no shutdown hook runs)
        first.destroyForcibly().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        // then nothing is published, not even a partial file
        assertThat(Files.exists(output) ? OpsFixtures.reports(output) : List.of()).isEmpty();

        // when the same command is launched again
        Process again = child("again.log", List.of(), output);
        assertThat(exit(again)).as(log("again.log")).isEqualTo(ExitCodes.COMPLETED);

        // then the execution left STARTED is recovered, in one line, and resumed to one published report
        assertThat(log("again.log")).containsPattern("Recovered job execution \\d+ .*left STARTED by a process that "
                + "is no longer running; it is marked FAILED and this launch resumes it");
        assertThat(lastLine("again.log")).startsWith("Report written: ");
        Path report = reportOf("again.log");
        assertThat(OpsFixtures.reports(output)).hasSize(2).contains("trd-outcomes-latest.xlsx");
        assertCompletedLikeAnUninterruptedRun(report);
    }

    @Test
    void aRunKilledDuringClassificationReRunsOnlyTheUnfinishedPartitionsAndPublishesTheSameNumbers()
            throws Exception {
        // given a run of 8 buckets whose classify partitions are slowed down, two at a time
        List<String> partitioned = List.of("--trd.partition.buckets=8", "--trd.partition.threads=2",
                "--logging.level.org.trdoutcomes.partition=INFO");
        List<String> slowClassify = new ArrayList<>(partitioned);
        slowClassify.add("--trd.ops.classify-pause-millis=2000");
        Process first = child("first.log", slowClassify, output);

        // when it is killed (SIGKILL) once some buckets are classified and others not: on two partition threads a
        // third partition starts only on a thread whose earlier partition has ended, and a partition's end is committed
        // to the job repository before its thread takes the next one (its "completed partition" line, logged by a
        // listener, comes before that commit); the partitions started pause 2 s before their work
        awaitLogLines("first.log", "started partition classifyBucket:", 3);
        first.destroyForcibly().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long classifiedBeforeKill = jdbc().queryForObject("""
                SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'classifyBucket:%'
                AND STATUS = 'COMPLETED'""", Long.class);
        assertThat(classifiedBeforeKill).as("buckets classified before the kill").isBetween(1L, 7L);

        // then nothing is published
        assertThat(Files.exists(output) ? OpsFixtures.reports(output) : List.of()).isEmpty();

        // when the same command is launched again
        Process again = child("again.log", partitioned, output);
        assertThat(exit(again)).as(log("again.log")).isEqualTo(ExitCodes.COMPLETED);

        // then it classified only the buckets the killed run had not completed, and published one report whose
        // every number is an uninterrupted run's
        long classifiedAgain = log("again.log").lines().filter(l -> l.contains("started partition classifyBucket:"))
                .count();
        assertThat(classifiedAgain).as("partitions re-run").isEqualTo(8 - classifiedBeforeKill);
        assertThat(log("again.log")).doesNotContain("started partition ingestFile:");
        assertThat(OpsFixtures.reports(output)).hasSize(2).contains("trd-outcomes-latest.xlsx");
        assertCompletedLikeAnUninterruptedRun(reportOf("again.log"));
    }

    @Test
    void aSecondProcessIsRefusedWhileOneRunsAndSigtermLeavesTheRunRestartable() throws Exception {
        // given one run in progress, held mid-ingest until it is asked to stop: it outlasts the second process's start
        // however slow the machine
        Process first = child("first.log", List.of("--trd.ops.ingest-hold-after-chunks=3"), output);
        awaitLog("first.log", "Drill: ingest held after 3 chunks");

        // when a second process launches (another night, so Spring Batch itself would not refuse it)
        Process second = child("second.log", List.of("--as-of=" + AS_OF.minusDays(1)), work.resolve("other"));

        // then it is refused with exit code 75 and a message naming the run that holds the lock
        assertThat(exit(second)).as(log("second.log")).isEqualTo(ExitCodes.RUN_IN_PROGRESS);
        assertThat(lastLine("second.log")).startsWith("Another run is in progress");

        // when the first receives SIGTERM
        first.destroy();
        assertThat(first.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // then it stopped cleanly at a chunk boundary, published nothing, and the same command completes it
        assertThat(log("first.log")).contains("Shutdown requested: stopping job execution");
        assertThat(Files.exists(output) ? OpsFixtures.reports(output) : List.of()).isEmpty();
        assertThat(jdbc().queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC "
                + "FETCH FIRST 1 ROWS ONLY", String.class)).isEqualTo("STOPPED");
        Process again = child("again.log", List.of(), output);
        assertThat(exit(again)).as(log("again.log")).isEqualTo(ExitCodes.COMPLETED);
        assertThat(log("again.log")).doesNotContain("Recovered job execution");
        assertCompletedLikeAnUninterruptedRun(reportOf("again.log"));
    }

    @Test
    void scheduleModeServesHealthAndMetricsAndSigtermStopsTheNightsRunSoThatTheSameNightResumes() throws Exception {
        // given the schedule mode firing every second, its run held mid-ingest until it is asked to stop
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        LocalDate tonight = LocalDate.now(ZoneOffset.UTC);
        Process scheduler = start("schedule.log", List.of("--schedule", "--trd.schedule.cron=* * * * * *",
                "--trd.schedule.zone=UTC", "--server.port=" + port, "--trd.ops.ingest-hold-after-chunks=3"), output);
        awaitLog("schedule.log", "Drill: ingest held after 3 chunks");

        // then it serves the actuator a scheduler or an orchestrator watches
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\"");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), BodyHandlers.ofString());
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");

        // when it receives SIGTERM during the night's run
        scheduler.destroy();
        assertThat(scheduler.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // then the run stopped at a chunk boundary (not interrupted by the scheduler's shutdown), nothing was
        // published, no later firing started, and a launch for the same night resumes and completes it
        assertThat(log("schedule.log")).contains("Shutdown requested: stopping job execution")
                .doesNotContain("did not stop within").doesNotContain("Exception");
        assertThat(Files.exists(output) ? OpsFixtures.reports(output) : List.of()).isEmpty();
        assertThat(jdbc().queryForList("SELECT STATUS FROM BATCH_JOB_EXECUTION", String.class))
                .containsExactly("STOPPED");
        Process again = start("again.log", List.of("--as-of=" + tonight), output);
        assertThat(exit(again)).as(log("again.log")).isEqualTo(ExitCodes.COMPLETED);
        assertThat(log("again.log")).doesNotContain("Recovered job execution");
        assertThat(jdbc().queryForObject("SELECT COUNT(DISTINCT JOB_INSTANCE_ID) FROM BATCH_JOB_EXECUTION",
                Long.class)).as("the stopped night's run was resumed, not started anew").isEqualTo(1L);
    }

    private void assertCompletedLikeAnUninterruptedRun(Path report) throws Exception {
        Path cleanOutput = work.resolve("clean");
        Process clean = child("clean.log", List.of("--rerun"), cleanOutput);
        assertThat(exit(clean)).as(log("clean.log")).isEqualTo(ExitCodes.COMPLETED);
        OpsFixtures.assertSameNumbers(report, reportOf("clean.log"));
        String name = report.getFileName().toString();
        long executionId = Long.parseLong(name.substring(name.lastIndexOf('-') + 1, name.length() - ".xlsx".length()));
        JdbcTemplate jdbc = jdbc();
        long runId = jdbc.queryForObject("SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                Long.class, executionId);
        OpsFixtures.assertStagedEqualsAccepted(OpsFixtures.stagedRows(work.resolve("work"), runId), jdbc, runId, report);
    }

    /** The command as of the fixture's night. */
    private Process child(String logName, List<String> extra, Path out) throws IOException {
        List<String> options = new ArrayList<>(List.of("--as-of=" + AS_OF));
        options.addAll(extra);
        return start(logName, options, out);
    }

    private Process start(String logName, List<String> extra, Path out) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TrdOutcomesApplication.class.getName(), "--input=" + input, "--output=" + out,
                "--spring.datasource.url=" + dbUrl, "--trd.ingest.chunk-size=20", "--trd.staging.retain=true",
                "--trd.work-dir=" + work.resolve("work"),
                "--trd.lock.shutdown-wait=30s"));
        command.addAll(extra);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(logName).toFile()).start();
        started.add(p);
        return p;
    }

    private int exit(Process p) throws InterruptedException {
        assertThat(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the child process ended").isTrue();
        return p.exitValue();
    }

    private void awaitLog(String logName, String text) {
        awaitLogLines(logName, text, 1);
    }

    private void awaitLogLines(String logName, String text, int lines) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(log(logName).lines().filter(l -> l.contains(text)))
                        .as("lines of the log %s with '%s'", logName, text).hasSizeGreaterThanOrEqualTo(lines));
    }

    private String log(String logName) throws IOException {
        Path file = work.resolve(logName);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private String lastLine(String logName) throws IOException {
        List<String> lines = log(logName).lines().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1).replaceFirst("^\\S+\\s+\\S+\\s+", "");
    }

    private Path reportOf(String logName) throws IOException {
        String line = log(logName).lines().filter(l -> l.contains("Report written: ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no report in " + logName));
        return Path.of(line.substring(line.indexOf("Report written: ") + "Report written: ".length()).strip());
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(new DriverManagerDataSource(dbUrl, "sa", ""));
    }
}
