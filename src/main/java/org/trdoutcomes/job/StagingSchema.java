package org.trdoutcomes.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;

/**
 * Creates the staging tables (db/trd-staging.sql) on start if they are missing; idempotent, so it runs every time
 * on H2 and PostgreSQL alike. Patient ids sort by code point ("C" collation on PostgreSQL) so that the
 * classify step's merge of two ordered cursors sees the same order the database uses.
 */
public class StagingSchema implements InitializingBean {

    private final DataSource dataSource;

    public StagingSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        String script;
        try {
            script = new ClassPathResource("db/trd-staging.sql").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            for (String statement : script.replaceAll("(?m)--.*$", "").split(";")) {
                String sql = statement.strip();
                if (sql.isEmpty()) {
                    continue;
                }
                sql = sql.replace("${ID_COLLATION}", postgres ? "COLLATE \"C\"" : "");
                s.execute(sql);
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
