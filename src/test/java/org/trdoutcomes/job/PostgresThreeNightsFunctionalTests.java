package org.trdoutcomes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link ThreeNights} on a real PostgreSQL job repository, created by the migrations in a fresh schema (skipped,
 * saying why, where no server is reachable).
 */
class PostgresThreeNightsFunctionalTests {

    static PostgresSchema database;

    @TempDir
    Path output;

    @BeforeAll
    static void freshSchema() {
        database = PostgresSchema.createOrSkip();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void threeNightsMakeATrendOfThreeRowsAndCountTheChangesAsWorkedOutByHand() throws Exception {
        try (ConfigurableApplicationContext context = database.context(ThreeNights.SETTINGS)) {
            assertThat(context.getBean(JdbcTemplate.class).queryForList(
                    "SELECT \"version\" FROM flyway_schema_history WHERE \"success\" ORDER BY \"installed_rank\"",
                    String.class)).as("a new database: every migration from V1").containsExactly("1", "2", "3");
            ThreeNights.run(context, output);
        }
    }
}
