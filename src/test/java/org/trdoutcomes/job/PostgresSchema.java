package org.trdoutcomes.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.trdoutcomes.TrdOutcomesApplication;

/**
 * A fresh schema on the local PostgreSQL (127.0.0.1:5432, database {@code test}, trust auth, user {@code postgres} or
 * the OS user) for one test class; aborts the test, saying why, where no server is reachable.
 */
final class PostgresSchema implements AutoCloseable {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    final String user;
    final String schema;

    private PostgresSchema(String user, String schema) {
        this.user = user;
        this.schema = schema;
    }

    static PostgresSchema createOrSkip() {
        for (String candidate : new String[] {"postgres", System.getProperty("user.name")}) {
            try (Connection c = DriverManager.getConnection(SERVER + "?connectTimeout=3", candidate, "");
                 Statement s = c.createStatement()) {
                String schema = "trd_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                s.execute("CREATE SCHEMA " + schema);
                return new PostgresSchema(candidate, schema);
            } catch (SQLException e) {
                // try the next user
            }
        }
        Assumptions.abort("No PostgreSQL reachable at " + SERVER + " (user postgres or "
                + System.getProperty("user.name") + ", trust auth): PostgreSQL tests skipped");
        throw new IllegalStateException("unreachable");
    }

    String url() {
        return SERVER + "?currentSchema=" + schema;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, "");
    }

    /** The application on this schema; settings as command-line arguments, so they win over application.yml. */
    ConfigurableApplicationContext context(String... extra) {
        return new SpringApplicationBuilder(TrdOutcomesApplication.class).run(args(extra));
    }

    /** Command-line arguments that point the application at this schema, then {@code --extra}. */
    String[] args(String... extra) {
        List<String> args = new ArrayList<>(List.of("--trd.launch.enabled=false", "--spring.datasource.url=" + url(),
                "--spring.datasource.username=" + user, "--spring.datasource.password="));
        for (String e : extra) {
            args.add("--" + e);
        }
        return args.toArray(String[]::new);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, user, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
