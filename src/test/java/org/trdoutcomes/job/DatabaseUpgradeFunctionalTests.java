package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdoutcomes.TrdOutcomesApplication;
import org.trdoutcomes.WorkbookReader;
import org.trdoutcomes.report.KeptClassifications;
import org.trdoutcomes.launch.ExitCodes;
import org.trdoutcomes.launch.JobLaunch;
import org.trdoutcomes.report.NightFigures;
import org.trdoutcomes.report.NightHistory;
import org.trdoutcomes.report.ReportProgress;
import org.trdoutcomes.report.PatientLine;
import org.trdoutcomes.report.PreviousNight;
import org.trdoutcomes.report.RowSource;

/**
 * A job database made by release 0.1 (before Flyway) is migrated in place at the next start and keeps its history.
 *
 * <p>The old database is built as that release built it: the schema from copies of its scripts
 * (src/test/resources/db/todays-release: Spring Batch's, the staging tables', the run lock's), no Flyway history
 * table; then one night run to completion with Flyway off and no run history kept (release 0.1 kept none). Then the
 * current application starts on it: the night that completed is still refused without --rerun, and the next night
 * completes and starts the trend.
 */
class DatabaseUpgradeFunctionalTests {

    @TempDir
    Path output;

    @Test
    void anH2DatabaseOfRelease01IsMigratedInPlaceAndKeepsItsCompletedNight() throws Exception {
        String url = "jdbc:h2:file:./target/test-db/upgrade-" + UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            createRelease01Schema(c, "h2", "");
        }
        upgrade(args -> h2Context(url, args));
    }

    @Test
    void aPostgresDatabaseOfRelease01IsMigratedInPlaceAndKeepsItsCompletedNight() throws Exception {
        try (PostgresSchema database = PostgresSchema.createOrSkip()) {
            try (Connection c = database.connect()) {
                createRelease01Schema(c, "postgresql", "COLLATE \"C\"");
            }
            upgrade(extra -> application().run(database.args(extra)));
        }
    }

    private void upgrade(Function<String[], ConfigurableApplicationContext> start) throws Exception {
        // given: release 0.1 completed the night of 06-28 on its schema
        JobLaunch.Outcome old;
        long completedBefore;
        try (ConfigurableApplicationContext release01 = start.apply(new String[] {"spring.flyway.enabled=false",
                "trd.report.min-cell-count=1"})) {
            assertThat(release01.getBean(NightHistory.class)).isInstanceOf(Release01KeepsNoHistory.class);
            old = release01.getBean(JobLaunch.class).run(ThreeNights.night(0, output, false));
            assertThat(old.exitCode()).as(old.message()).isEqualTo(ExitCodes.COMPLETED);
            JdbcTemplate jdbc = release01.getBean(JdbcTemplate.class);
            completedBefore = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED'", Long.class);
            assertThat(tables(jdbc)).as("release 0.1's schema: no Flyway, no run history")
                    .doesNotContain("FLYWAY_SCHEMA_HISTORY", "TRD_RUN_HISTORY");
        }

        // when: the current release starts on that database
        try (ConfigurableApplicationContext current = start.apply(new String[] {"trd.report.min-cell-count=1"})) {
            JdbcTemplate jdbc = current.getBean(JdbcTemplate.class);
            List<Map<String, Object>> migrations = jdbc.queryForList("SELECT \"version\", \"type\", \"success\" "
                    + "FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"");
            assertThat(migrations).extracting(m -> m.get("version") + " " + m.get("type") + " " + m.get("success"))
                    .as("baselined at 0, then V1 (idempotent over the existing tables), V2 and V3")
                    .containsExactly("0 BASELINE true", "1 SQL true", "2 SQL true", "3 SQL true");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED'",
                    Long.class)).as("the job repository's history is kept").isEqualTo(completedBefore);

            JobLaunch launch = current.getBean(JobLaunch.class);
            // then: the night release 0.1 completed is still refused without --rerun
            JobLaunch.Outcome again = launch.run(ThreeNights.night(0, output, false));
            assertThat(again.exitCode()).as(again.message()).isEqualTo(ExitCodes.ALREADY_COMPLETED);

            // and the next night completes and starts the trend (release 0.1 kept no figures of its night)
            JobLaunch.Outcome next = launch.run(ThreeNights.night(1, output, false));
            assertThat(next.exitCode()).as(next.message()).isEqualTo(ExitCodes.COMPLETED);
            try (WorkbookReader wb = new WorkbookReader(next.report())) {
                List<Map<String, Object>> trend = wb.table("Trend");
                assertThat(trend).hasSize(1);
                assertThat(ThreeNights.date(trend.get(0).get("As-of date"))).isEqualTo(LocalDate.of(2026, 6, 29));
                assertThat(trend.get(0).get("TRD")).isEqualTo(wb.summary("TRD"));
                assertThat(wb.summary("Previous run as-of")).isNull();
            }
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM TRD_RUN_HISTORY", Long.class)).isEqualTo(1);
            assertThat(KeptClassifications.of(jdbc)).hasSize(6);
        }
    }

    private static List<String> tables(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT UPPER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = CURRENT_SCHEMA", String.class);
    }

    /** Runs release 0.1's scripts as it did: Boot's batch schema, then the staging tables, then the run lock. */
    static void createRelease01Schema(Connection connection, String vendor, String idCollation)
            throws IOException, SQLException {
        List<String> statements = new ArrayList<>();
        for (String script : List.of("schema-" + vendor + ".sql", "trd-staging.sql", "trd-run-lock.sql")) {
            String sql = new ClassPathResource("db/todays-release/" + script).getContentAsString(StandardCharsets.UTF_8);
            for (String statement : sql.replaceAll("(?m)--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip().replace("${ID_COLLATION}", idCollation));
                }
            }
        }
        try (Statement s = connection.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static ConfigurableApplicationContext h2Context(String url, String... extra) {
        List<String> args = new ArrayList<>(List.of("--trd.launch.enabled=false", "--spring.datasource.url=" + url));
        for (String e : extra) {
            args.add("--" + e);
        }
        return application().run(args.toArray(String[]::new));
    }

    static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(TrdOutcomesApplication.class)
                .initializers(context -> context.addBeanFactoryPostProcessor(new Release01Beans(context)));
    }

    /**
     * With Flyway off (the flag release 0.1 did not have), the context is release 0.1: it keeps no run history.
     * Replaces the history bean once the configuration classes have registered theirs.
     */
    private record Release01Beans(ConfigurableApplicationContext context) implements BeanDefinitionRegistryPostProcessor {
        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            if (context.getEnvironment().getProperty("spring.flyway.enabled", Boolean.class, true)) {
                return;
            }
            BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
            registry.removeBeanDefinition("nightHistory");
            registry.registerBeanDefinition("nightHistory",
                    new RootBeanDefinition(Release01KeepsNoHistory.class, Release01KeepsNoHistory::new));
        }
    }

    /** Release 0.1's report: this night only, nothing compared, nothing kept. */
    static final class Release01KeepsNoHistory extends NightHistory {
        Release01KeepsNoHistory() {
            super(null, 1, false);
        }

        @Override
        public List<NightFigures> trendEndingWith(NightFigures tonight) {
            return List.of(tonight);
        }

        @Override
        public PreviousNight previousNight(LocalDate asOf, RowSource<PatientLine> patients) {
            return null;
        }

        @Override
        public void record(NightFigures tonight, long jobExecutionId, LocalDateTime completedAt,
                           RowSource<PatientLine> patients, ReportProgress progress) {
        }
    }
}
