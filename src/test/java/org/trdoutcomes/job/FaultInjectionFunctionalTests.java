package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.trdoutcomes.TrdOutcomesApplication;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;

/**
 * Faults through the real job: the database lost in each step, the database unreachable at start, the output
 * folder missing or impossible, the disk full while the workbook is written. Each failed run ends with a one-line
 * reason and publishes nothing; the same command after the fault is cleared completes and publishes the same
 * numbers as an uninterrupted run. Prints one summary line ({@code FAULTS: ...}) for docs/robustness.md.
 */
@SpringBootTest(properties = {
        "trd.launch.enabled=false",
        "trd.ingest.chunk-size=4",
        "spring.datasource.url=jdbc:h2:file:./target/test-db/faults-${random.uuid}"})
@Import(FaultInjectionFunctionalTests.FaultyDatabase.class)
class FaultInjectionFunctionalTests {

    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/handworked");
    static final List<String> FAULTS = new ArrayList<>();

    @Autowired
    JobLaunch launch;

    @TempDir
    Path temp;

    @AfterEach
    void clearFault() {
        Fault.clear();
    }

    @AfterAll
    static void printFigures() {
        System.out.println("FAULTS: injected=" + FAULTS.size() + " " + FAULTS);
    }

    // ---------------------------------------------------------------- database

    // ingest: the 2nd update of a step context is the first partition's context being saved as the partitions are
    // created, the 4th a partition's first chunk commit; both leave the run UNKNOWN, which the next launch resumes
    @ParameterizedTest(name = "database lost in {0} at the statement after {2} like it")
    @CsvSource({
            "ingest,    UPDATE BATCH_STEP_EXECUTION_CONTEXT, 1",
            "ingest,    UPDATE BATCH_STEP_EXECUTION_CONTEXT, 3",
            "classify,  INSERT INTO TRD_ISSUE,               0",
            "reconcile, INSERT INTO TRD_INPUT_FILE,          0",
            "report,    FROM TRD_ISSUE,                      0"})
    @Timeout(60)
    void aDatabaseLostMidRunFailsTheRunAndTheRestartPublishesTheNumbersOfAnUninterruptedRun(String step, String sql,
                                                                                          int after) throws Exception {
        Path input = copyOfFixture("input");
        Path output = temp.resolve("reports");
        Map<String, List<Map<String, Object>>> uninterrupted = tables(launch.run(
                new LaunchOptions(copyOfFixture("reference"), temp.resolve("reference-reports"), AS_OF, false)));

        Fault.arm(step, sql.strip(), after);
        JobLaunch.Outcome failed = launch.run(new LaunchOptions(input, output, AS_OF, false));
        assertThat(Fault.fired.get()).as("the fault was hit").isPositive();
        Fault.clear();

        assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.message()).contains("Connection lost").doesNotContain("\n");
        assertNothingPublished(output);

        JobLaunch.Outcome restarted = launch.run(new LaunchOptions(input, output, AS_OF, false));

        assertThat(restarted.exitCode()).as(restarted.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(restarted.execution().getJobInstance().getInstanceId())
                .isEqualTo(failed.execution().getJobInstance().getInstanceId());
        assertThat(tables(restarted)).isEqualTo(uninterrupted);
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("exactly one report and latest")
                    .hasSize(2).contains("trd-outcomes-latest.xlsx");
        }
        FAULTS.add("database lost in " + step + " -> exit 1 \"" + failed.message() + "\"; restart completed, same numbers");
    }

    @Test
    @Timeout(60)
    void aDatabaseThatCannotBeReachedAtStartFailsFastWithTheReasonInOneLine() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> new SpringApplicationBuilder(TrdOutcomesApplication.class)
                .properties("trd.launch.enabled=false")
                .run("--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/trd", "--spring.datasource.username=trd",
                        "--spring.datasource.hikari.connection-timeout=5000").close())
                .satisfies(e -> {
                    Throwable root = e;
                    while (root.getCause() != null && root.getCause() != root) {
                        root = root.getCause();
                    }
                    String reason = root.getMessage();
                    assertThat(reason).contains("refused").doesNotContain("\n");
                    FAULTS.add("database unreachable at start -> startup fails in "
                            + (System.nanoTime() - started) / 1_000_000 + " ms, root cause \"" + reason + "\"");
                });
    }

    // ---------------------------------------------------------------- output

    @Test
    @Timeout(60)
    void aMissingOutputFolderIsCreated() throws Exception {
        Path output = temp.resolve("not/there/yet");

        JobLaunch.Outcome outcome = launch.run(new LaunchOptions(copyOfFixture("input"), output, AS_OF, false));

        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(outcome.report()).exists().hasParent(output.toAbsolutePath());
        FAULTS.add("output folder missing -> created, completed");
    }

    @Test
    @Timeout(60)
    void anOutputFolderThatCannotBeCreatedFailsInOneLineAndTheRestartWithAGoodFolderPublishes() throws Exception {
        // chmod does not stop root: a folder under a regular file cannot be created by anyone
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        Path input = copyOfFixture("input");

        JobLaunch.Outcome failed = launch.run(new LaunchOptions(input, file.resolve("sub"), AS_OF, false));

        assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.message()).contains("a-file/sub").contains("Not a directory").doesNotContain("\n");
        assertThat(Files.readString(file)).isEqualTo("x");

        Path good = temp.resolve("good");
        JobLaunch.Outcome restarted = launch.run(new LaunchOptions(input, good, AS_OF, false));
        assertThat(restarted.exitCode()).as(restarted.message()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(restarted.report()).exists();
        FAULTS.add("output folder impossible (under a file) -> exit 1 \"" + failed.message()
                + "\"; restart with a good folder completed");
    }

    @Test
    @Timeout(60)
    void aDiskThatFillsUpWhileTheWorkbookIsWrittenPublishesNothingHalfWritten() throws Exception {
        Path disk = Files.createDirectory(temp.resolve("small-disk"));
        assumeThat(mount(disk, "12k")).as("mounting a small tmpfs needs root (skipped elsewhere)").isTrue();
        try {
            Path input = copyOfFixture("input");
            Map<String, List<Map<String, Object>>> uninterrupted = tables(launch.run(
                    new LaunchOptions(copyOfFixture("reference"), temp.resolve("reference-reports"), AS_OF, false)));

            JobLaunch.Outcome failed = launch.run(new LaunchOptions(input, disk, AS_OF, false));

            assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
            assertThat(failed.message()).contains("No space left on device").doesNotContain("\n");
            assertNothingPublished(disk);

            run("umount", disk.toString());
            assertThat(mount(disk, "16m")).isTrue();
            JobLaunch.Outcome restarted = launch.run(new LaunchOptions(input, disk, AS_OF, false));
            assertThat(restarted.exitCode()).as(restarted.message()).isEqualTo(ExitCodes.COMPLETED);
            assertThat(tables(restarted)).isEqualTo(uninterrupted);
            FAULTS.add("disk full while writing the workbook (12 KiB tmpfs) -> exit 1 \"" + failed.message()
                    + "\"; restart after space was freed completed, same numbers");
        } finally {
            run("umount", disk.toString());
        }
    }

    // ---------------------------------------------------------------- helpers

    private Path copyOfFixture(String name) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        for (String file : List.of("trials.csv", "patients.csv")) {
            Files.copy(FIXTURE.resolve(file), dir.resolve(file));
        }
        return dir;
    }

    /** Every table of the workbook except the time it was generated: what "the same report" means. */
    private static Map<String, List<Map<String, Object>>> tables(JobLaunch.Outcome outcome) throws IOException {
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        try (WorkbookReader wb = new WorkbookReader(outcome.report())) {
            for (String sheet : wb.sheetNames()) {
                if (sheet.equals("Definitions")) {
                    continue;
                }
                List<Map<String, Object>> rows = new ArrayList<>(wb.table(sheet));
                rows.removeIf(r -> "Report generated at".equals(r.get("Item")));
                // each run names its own workbook on its Trend row; every figure must still be the same
                rows.forEach(r -> r.remove(sheet.equals("Trend") ? "Report" : ""));
                tables.put(sheet, rows);
            }
        }
        return tables;
    }

    private static void assertNothingPublished(Path output) throws IOException {
        if (!Files.exists(output)) {
            return;
        }
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files).as("a failed run publishes nothing, not even a temporary file").isEmpty();
        }
    }

    private static boolean mount(Path dir, String size) {
        return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()) == 0;
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The injected fault: statements whose SQL contains {@link #sql} fail once {@link #skip} of them have run. */
    static final class Fault {
        static volatile String sql;
        /** The step (manager, or the worker step of its partitions) whose statements fail. */
        static volatile String step;
        static final AtomicInteger skip = new AtomicInteger();
        static final AtomicInteger fired = new AtomicInteger();

        static void arm(String inStep, String fragment, int after) {
            skip.set(after);
            fired.set(0);
            step = inStep;
            sql = fragment;
        }

        static void clear() {
            sql = null;
        }

        /** Whether the statement comes from the armed step: the step itself or one of its partitions. */
        private static boolean inStep() {
            var context = org.springframework.batch.core.scope.context.StepSynchronizationManager.getContext();
            if (context == null) {
                return false;
            }
            String name = context.getStepExecution().getStepName();
            String worker = switch (step) {
                case "ingest" -> TrdOutcomesJobConfiguration.INGEST_FILE;
                case "classify" -> TrdOutcomesJobConfiguration.CLASSIFY_BUCKET;
                default -> step;
            };
            return name.equals(step) || name.startsWith(worker + ":");
        }

        static void check(Object statementSql) throws SQLTransientConnectionException {
            String fragment = sql;
            if (fragment != null && statementSql instanceof String s && s.contains(fragment) && inStep()
                    && skip.getAndDecrement() <= 0) {
                fired.incrementAndGet();
                throw new SQLTransientConnectionException("Connection lost (injected fault)");
            }
        }
    }

    /** Wraps the application's DataSource so that {@link Fault} can make statements fail, as a lost database does. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FaultyDatabase {
        @Bean
        static BeanPostProcessor faultyDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (!(bean instanceof DataSource dataSource)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                            (proxy, method, args) -> {
                                Object result = invoke(method, dataSource, args);
                                return result instanceof Connection c ? connection(c) : result;
                            });
                }
            };
        }

        private static Connection connection(Connection target) {
            return (Connection) Proxy.newProxyInstance(FaultyDatabase.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare") && args != null && args.length > 0) {
                            Fault.check(args[0]);
                        }
                        return invoke(method, target, args);
                    });
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
