package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.trdoutcomes.job.OpsFixtures.AS_OF;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import org.trdoutcomes.TrdOutcomesApplication;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * Remote partitioning on the real RabbitMQ (127.0.0.1:5672) and PostgreSQL (127.0.0.1:5432), with two worker JVMs as
 * child processes (the {@code worker} command, this test's classpath) and the manager in this JVM, on a random queue
 * and a random schema: the remote run's workbook equals, cell by cell, a local run's; with 8 bucket partitions both
 * workers take some; a worker killed with SIGKILL mid-run leads to a completed run, directly or after one relaunch of
 * the same command, with one report and the same numbers; a worker whose rules differ from the manager's refuses the
 * partitions; a manager whose broker is down exits 1 naming it.
 * Skipped, saying why, where either server is unreachable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemotePartitioningFunctionalTests {

    static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** Slows each classify partition on the workers, so that a kill lands while partitions are in hand. */
    static final String PAUSE = "--trd.ops.classify-pause-millis=700";

    /**
     * The kill test's run is a second night in the shared schema (the same files in another folder: another job
     * instance, the same as-of date); without the previous night's comparison its workbook is a first night's.
     */
    static final String NO_HISTORY = "--trd.report.compare-previous=false";

    static PostgresSchema schema;
    static String queue;
    static Path work;
    static Path input;
    static Path localReport;
    static final List<Process> workers = new ArrayList<>();

    @BeforeAll
    static void serversWorkersAndALocalRun() throws Exception {
        CachingConnectionFactory rabbit = new CachingConnectionFactory("127.0.0.1", 5672);
        try {
            rabbit.setConnectionTimeout(3000);
            rabbit.createConnection().close();
        } catch (RuntimeException e) {
            Assumptions.abort("No RabbitMQ reachable at 127.0.0.1:5672 (guest/guest): remote partitioning tests "
                    + "skipped (" + e.getMessage() + ")");
        } finally {
            rabbit.destroy();
        }
        schema = PostgresSchema.createOrSkip();
        queue = "trd-test-" + UUID.randomUUID().toString().substring(0, 8);
        work = Files.createTempDirectory("trd-remote-");
        input = OpsFixtures.syntheticExtract(work.resolve("input"), 400);
        workers.add(worker("worker-1.log"));
        workers.add(worker("worker-2.log"));

        // the reference: the same extract in one process, on threads, in its own database
        try (ConfigurableApplicationContext local = new SpringApplicationBuilder(TrdOutcomesApplication.class)
                .run("--trd.launch.enabled=false", "--spring.datasource.url=jdbc:h2:file:"
                        + work.resolve("local-db/trd").toAbsolutePath(), "--trd.partition.buckets=3", NO_HISTORY,
                        "--trd.work-dir=" + work.resolve("local-work"))) {
            JobLaunch.Outcome outcome = local.getBean(JobLaunch.class)
                    .run(new LaunchOptions(input, work.resolve("local-reports"), AS_OF, false));
            assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
            localReport = outcome.report();
        }
        awaitLog("worker-1.log", "Started TrdOutcomesApplication");
        awaitLog("worker-2.log", "Started TrdOutcomesApplication");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        workers.forEach(Process::destroyForcibly);
        for (Process p : workers) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (queue != null) {
            CachingConnectionFactory rabbit = new CachingConnectionFactory("127.0.0.1", 5672);
            try {
                new RabbitAdmin(rabbit).deleteQueue(queue);
            } finally {
                rabbit.destroy();
            }
        }
        if (schema != null) {
            schema.close();
        }
        if (work != null) {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    @Test
    @Order(1)
    void aRemoteRunOnTwoWorkersGivesTheLocalRunsWorkbookAndBothWorkersTakePartitions() throws Exception {
        JobLaunch.Outcome remote;
        try (ConfigurableApplicationContext manager = manager()) {
            remote = manager.getBean(JobLaunch.class).run(options("remote-reports", false));
        }

        assertThat(remote.exitCode()).as(remote.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(remote.message()).startsWith("Report written: ");
        List<String> cells = PartitionedRunFunctionalTests.everyCell(localReport);
        assertThat(cells).as("the workbook has data").hasSizeGreaterThan(4000);
        assertThat(PartitionedRunFunctionalTests.everyCell(remote.report())).containsExactlyElementsOf(cells);
        // 8 bucket partitions, one at a time per worker: both workers classified some, and all 8 were classified
        List<String> first = completed("worker-1.log");
        List<String> second = completed("worker-2.log");
        assertThat(first).as(log("worker-1.log")).anyMatch(p -> p.startsWith("classifyBucket:"));
        assertThat(second).as(log("worker-2.log")).anyMatch(p -> p.startsWith("classifyBucket:"));
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all.stream().filter(p -> p.startsWith("classifyBucket:")).sorted())
                .containsExactly("classifyBucket:bucket0", "classifyBucket:bucket1", "classifyBucket:bucket2",
                        "classifyBucket:bucket3", "classifyBucket:bucket4", "classifyBucket:bucket5",
                        "classifyBucket:bucket6", "classifyBucket:bucket7");
        assertThat(all).filteredOn(p -> p.startsWith("ingestFile:")).hasSize(4);
    }

    @Test
    @Order(2)
    void aWorkerKilledMidRunLeadsToACompletedRunWithTheSameNumbers() throws Exception {
        Path output = work.resolve("kill-reports");
        Path copy = Files.createDirectories(work.resolve("input-copy"));
        try (var files = Files.list(input)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        JobLaunch.Outcome outcome;
        JobLaunch.Outcome relaunched = null;
        try (ConfigurableApplicationContext manager = manager()) {
            JobLaunch launch = manager.getBean(JobLaunch.class);
            int before = log("worker-1.log").split("started partition classifyBucket:", -1).length;
            CompletableFuture<JobLaunch.Outcome> running = CompletableFuture.supplyAsync(
                    () -> launch.run(new LaunchOptions(copy, output, AS_OF, false)));

            // when worker 1 has a classify partition in hand (each one pauses 0.7 s), it is killed: SIGKILL
            await().atMost(TIMEOUT).until(() -> log("worker-1.log").split("started partition classifyBucket:", -1)
                    .length > before);
            workers.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            outcome = running.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            if (outcome.exitCode() != ExitCodes.COMPLETED) {
                // then either the run failed cleanly, naming the lost partition, within the worker timeout ...
                assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.FAILED);
                assertThat(outcome.message()).contains("lost its worker").contains("Launch the same command again")
                        .doesNotContain("\n");
                assertThat(Files.exists(output) ? OpsFixtures.reports(output) : List.of()).isEmpty();
                // ... and the same command completes it on the remaining worker, re-running only what was unfinished
                relaunched = launch.run(new LaunchOptions(copy, output, AS_OF, false));
                assertThat(relaunched.exitCode()).as(relaunched.message()).isEqualTo(ExitCodes.COMPLETED);
                assertThat(relaunched.execution().getJobInstance().getInstanceId())
                        .isEqualTo(outcome.execution().getJobInstance().getInstanceId());
                assertThat(relaunched.execution().getStepExecutions()).extracting(s -> s.getStepName())
                        .noneMatch(name -> name.startsWith("ingestFile:"));
            }
        }
        JobLaunch.Outcome done = relaunched == null ? outcome : relaunched;
        // one report, every number the local run's
        assertThat(OpsFixtures.reports(output)).hasSize(2).contains("trd-outcomes-latest.xlsx");
        assertThat(PartitionedRunFunctionalTests.everyCell(done.report()))
                .containsExactlyElementsOf(PartitionedRunFunctionalTests.everyCell(localReport));
    }

    @Test
    @Order(3)
    void aWorkerWhoseRulesDifferFromTheManagersRefusesThePartitionsAndTheRunFailsSayingSo() {
        // given a manager that counts failed trials shorter than 8 weeks as inadequate, the workers 6 (the default)
        JobLaunch.Outcome outcome;
        try (ConfigurableApplicationContext manager = schema.context("trd.partition.mode=remote",
                "trd.partition.queue=" + queue, "trd.partition.buckets=2", "trd.work-dir=" + work.resolve("work"),
                "trd.partition.poll-interval=200ms", "trd.partition.worker-timeout=8s", "trd.rules.min-weeks=8")) {
            outcome = manager.getBean(JobLaunch.class).run(new LaunchOptions(input, work.resolve("other-rules"),
                    AS_OF.minusDays(1), false));
        }

        // then the worker refuses the work instead of counting under its own rules, and the run fails saying why
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.FAILED);
        assertThat(outcome.message()).containsPattern("Partition ingestFile:file\\d failed: Refused by the worker on "
                + ".*: its catalogue and rules configuration \\(\\w+\\) differs from the manager's \\(\\w+\\)");
        assertThat(work.resolve("other-rules")).doesNotExist();
    }

    @Test
    @Order(4)
    void aManagerWhoseBrokerIsDownExitsOneNamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("--input=" + input, "--output=" + work.resolve("down-reports"), "--as-of=" + AS_OF,
                "--trd.partition.mode=remote", "--trd.partition.queue=" + queue, "--spring.rabbitmq.port=" + closedPort,
                "--spring.datasource.url=" + schema.url(), "--spring.datasource.username=" + schema.user));
        Process manager = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("down.log").toFile()).start();
        assertThat(manager.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(manager.exitValue()).as(log("down.log")).isEqualTo(ExitCodes.FAILED);
        assertThat(log("down.log")).contains("Cannot start: Cannot reach the RabbitMQ broker at 127.0.0.1:"
                + closedPort);
        assertThat(work.resolve("down-reports")).doesNotExist();
    }

    private static ConfigurableApplicationContext manager() {
        return schema.context("trd.partition.mode=remote", "trd.partition.queue=" + queue,
                "trd.partition.buckets=8", "trd.work-dir=" + work.resolve("work"), "trd.partition.poll-interval=200ms",
                "trd.partition.worker-timeout=8s", NO_HISTORY.substring(2));
    }

    private static LaunchOptions options(String output, boolean rerun) {
        return new LaunchOptions(input, work.resolve(output), AS_OF, rerun);
    }

    private static Process worker(String logName) throws IOException {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("worker", "--spring.datasource.url=" + schema.url(),
                "--spring.datasource.username=" + schema.user, "--trd.partition.queue=" + queue,
                "--trd.work-dir=" + work.resolve("work"), "--server.port=0", "--trd.partition.heartbeat=500ms",
                PAUSE));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve(logName).toFile())
                .start();
    }

    private static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                TrdOutcomesApplication.class.getName());
    }

    /** The partitions a worker's log says it completed. */
    private static List<String> completed(String logName) throws IOException {
        return log(logName).lines().filter(l -> l.contains("completed partition "))
                .map(l -> l.substring(l.indexOf("completed partition ") + "completed partition ".length()).strip())
                .toList();
    }

    private static void awaitLog(String logName, String text) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> log(logName).contains(text));
    }

    private static String log(String logName) throws IOException {
        Path file = work.resolve(logName);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
