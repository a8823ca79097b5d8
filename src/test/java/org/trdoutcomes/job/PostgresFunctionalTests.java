package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdoutcomes.job.OpsFixtures.AS_OF;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.TrdOutcomesApplication;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.launch.LaunchOptions;
import org.trdoutcomes.launch.RunLock;

/**
 * The job repository, staging and run lock on a real PostgreSQL (127.0.0.1:5432, database {@code test}, trust
 * auth, user {@code postgres} or the OS user), in a fresh schema per run. Skipped, saying why, where no server is
 * reachable.
 */
class PostgresFunctionalTests {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    static String user;
    static String schema;

    @TempDir
    Path input;
    @TempDir
    Path output;
    @TempDir
    Path cleanOutput;

    @BeforeAll
    static void freshSchema() {
        for (String candidate : new String[] {"postgres", System.getProperty("user.name")}) {
            try (Connection c = DriverManager.getConnection(SERVER + "?connectTimeout=3", candidate, "");
                 Statement s = c.createStatement()) {
                schema = "trd_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                s.execute("CREATE SCHEMA " + schema);
                user = candidate;
                return;
            } catch (SQLException e) {
                // try the next user
            }
        }
        Assumptions.abort("No PostgreSQL reachable at " + SERVER + " (user postgres or "
                + System.getProperty("user.name") + ", trust auth): PostgreSQL tests skipped");
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (user != null) {
            try (Connection c = DriverManager.getConnection(SERVER, user, ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** Settings as command-line arguments: they must win over application.yml (default properties would not). */
    static ConfigurableApplicationContext context(String... extra) {
        List<String> args = new ArrayList<>(List.of("--trd.launch.enabled=false", "--trd.staging.retain=true",
                "--spring.datasource.url=" + SERVER + "?currentSchema=" + schema,
                "--spring.datasource.username=" + user, "--spring.datasource.password=",
                "--trd.ingest.chunk-size=50"));
        for (String e : extra) {
            args.add("--" + e);
        }
        return new SpringApplicationBuilder(TrdOutcomesApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void failsMidIngestRestartsStartsAgainOnTheSameSchemaAndRefusesAnOverlappingRun() throws Exception {
        OpsFixtures.syntheticExtract(input, 150);
        LaunchOptions options = new LaunchOptions(input, output, AS_OF, false);
        Path restartedReport;

        // a run that fails mid-ingest, then the same command: resumed, one report, staged = accepted
        try (ConfigurableApplicationContext first = context("trd.ops.fail-after-chunks=3")) {
            JobLaunch launch = first.getBean(JobLaunch.class);
            JobLaunch.Outcome failed = launch.run(options);
            assertThat(failed.exitCode()).as(failed.message()).isEqualTo(ExitCodes.FAILED);
            assertThat(OpsFixtures.reports(output)).isEmpty();

            JobLaunch.Outcome restarted = launch.run(options);
            assertThat(restarted.exitCode()).as(restarted.message()).isEqualTo(ExitCodes.COMPLETED);
            assertThat(restarted.execution().getJobInstance().getInstanceId())
                    .isEqualTo(failed.execution().getJobInstance().getInstanceId());
            assertThat(OpsFixtures.reports(output)).hasSize(2);
            OpsFixtures.assertStagedEqualsAccepted(first.getBean(TrdProperties.class), first.getBean(JdbcTemplate.class),
                    restarted.execution(), restarted.report());
            restartedReport = restarted.report();
        }

        // a second start on the same schema: initialisation is idempotent; the completed night is recognised
        try (ConfigurableApplicationContext second = context();
             ConfigurableApplicationContext third = context()) {
            JobLaunch launch = second.getBean(JobLaunch.class);
            assertThat(launch.run(options).exitCode()).isEqualTo(ExitCodes.ALREADY_COMPLETED);

            JobLaunch.Outcome clean = launch.run(new LaunchOptions(input, cleanOutput, AS_OF, true));
            assertThat(clean.exitCode()).as(clean.message()).isEqualTo(ExitCodes.COMPLETED);
            OpsFixtures.assertSameNumbers(restartedReport, clean.report());

            // while one launcher holds the run lock, another (a different night, even) is refused by name
            try (RunLock.Lease held = third.getBean(RunLock.class).acquire()) {
                held.attach(999);
                JobLaunch.Outcome refused = launch.run(new LaunchOptions(input, output, AS_OF.minusDays(1), false));
                assertThat(refused.exitCode()).isEqualTo(ExitCodes.RUN_IN_PROGRESS);
                assertThat(refused.message()).contains("Another run is in progress").contains("job execution 999");
            }
        }
    }
}
