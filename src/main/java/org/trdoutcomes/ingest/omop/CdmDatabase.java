package org.trdoutcomes.ingest.omop;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.trdoutcomes.ingest.CellFormats;
import org.trdoutcomes.ingest.ExtractFailure;
import org.trdoutcomes.ingest.ExtractColumns;
import org.trdoutcomes.ingest.ExtractWarning;

/**
 * A live CDM in PostgreSQL (omop.md §1): the tables of one schema, read-only and streamed. The connection is
 * read-only with autocommit off, so that the driver fetches {@value #FETCH_SIZE} rows at a time through a cursor
 * instead of the whole table; the transaction is rolled back at the end (nothing was written).
 *
 * <p>Each row's values arrive as PostgreSQL's text form (dates {@code 2024-03-01}, bigint {@code -42},
 * numeric {@code 60.0}), so the file parser serves both. Rows are ordered by the table's primary key, the
 * database's "file order".
 */
public final class CdmDatabase implements CdmSource {

    static final int FETCH_SIZE = 5000;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String url;
    private final String schema;
    private final Connection connection;
    /** lower-case table name → its name as the database spells it. */
    private final Map<String, String> tableNames = new HashMap<>();

    /**
     * @param user     null to take the user from the URL
     * @param password null to take it from the URL (or none)
     * @throws ExtractFailure when the database cannot be reached, the schema does not exist or has no drug_exposure
     */
    public CdmDatabase(String url, String user, String password, String schema) {
        this.url = url;
        this.schema = schema == null || schema.isBlank() ? "cdm" : schema.strip();
        if (!IDENTIFIER.matcher(this.schema).matches()) {
            throw new ExtractFailure("trd.omop.schema '" + schema + "' is not a schema name (letters, digits, _).");
        }
        Properties props = new Properties();
        if (user != null && !user.isBlank()) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        try {
            connection = DriverManager.getConnection(url, props);
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new ExtractFailure("The OMOP CDM database " + withoutSecrets(url) + " cannot be reached: " + e.getMessage(), e);
        }
        try {
            DatabaseMetaData meta = connection.getMetaData();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE"})) {
                while (rs.next()) {
                    if (this.schema.equalsIgnoreCase(rs.getString("TABLE_SCHEM"))) {
                        tableNames.putIfAbsent(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT), rs.getString("TABLE_NAME"));
                    }
                }
            }
        } catch (SQLException e) {
            close();
            throw new ExtractFailure("The tables of schema " + this.schema + " in " + withoutSecrets(url) + " cannot be listed: "
                    + e.getMessage(), e);
        }
        if (!tableNames.containsKey(CdmTable.DRUG_EXPOSURE.tableName())) {
            close();
            throw new ExtractFailure("Schema " + this.schema + " of " + withoutSecrets(url) + " has no drug_exposure table;"
                    + " set trd.omop.schema to the schema that holds the CDM.");
        }
    }

    /** The URL without its query string, which may hold a password. */
    static String withoutSecrets(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public CdmTableReader open(CdmTable table) {
        String name = tableNames.get(table.tableName());
        if (name == null) {
            return null;
        }
        try {
            return new Table(table, name, columnNames(name));
        } catch (SQLException e) {
            throw new ExtractFailure("Table " + schema + "." + table.tableName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A table's columns by normalised name, after the checks of a file header: no direct-identifier column, every
     * required column present.
     */
    private Map<String, String> columnsOf(CdmTable table, List<String> present) {
        String source = schema + "." + table.tableName();
        Map<String, String> byLower = new HashMap<>();
        for (String c : present) {
            String normal = CellFormats.normaliseColumn(c);
            if (ExtractColumns.DIRECT_IDENTIFIER_COLUMNS.contains(normal)) {
                throw new ExtractFailure("Table " + source + " has a column '" + c + "', a direct identifier: only"
                        + " anonymized data are accepted; read from a schema or view without it.");
            }
            byLower.putIfAbsent(normal, c);
        }
        for (int slot = 0; slot < table.columns().size(); slot++) {
            if (table.isRequiredColumn(slot) && !byLower.containsKey(table.columns().get(slot))) {
                throw new ExtractFailure("Table " + source + " has no column " + table.columns().get(slot)
                        + ", which the CDM " + table.tableName() + " table needs (omop.md).");
            }
        }
        return byLower;
    }

    private List<String> columnNames(String name) throws SQLException {
        List<String> present = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getColumns(null, actualSchema(), name, "%")) {
            while (rs.next()) {
                present.add(rs.getString("COLUMN_NAME"));
            }
        }
        return present;
    }

    /** Checks the columns from the database's metadata, without running a query on the table. */
    @Override
    public void check(CdmTable table) {
        String name = tableNames.get(table.tableName());
        if (name == null) {
            return;
        }
        try {
            columnsOf(table, columnNames(name));
        } catch (SQLException e) {
            throw new ExtractFailure("Table " + schema + "." + table.tableName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private String actualSchema() throws SQLException {
        try (ResultSet rs = connection.getMetaData().getSchemas()) {
            while (rs.next()) {
                if (schema.equalsIgnoreCase(rs.getString("TABLE_SCHEM"))) {
                    return rs.getString("TABLE_SCHEM");
                }
            }
        }
        return schema;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public List<ExtractWarning> warnings() {
        return List.of();
    }

    @Override
    public String describe() {
        return "OMOP CDM schema " + schema + " in " + withoutSecrets(url);
    }

    @Override
    public void close() {
        try {
            if (connection != null && !connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        } catch (SQLException e) {
            // read only: nothing to lose
        }
    }

    /** One table, streamed through a server-side cursor. */
    private final class Table implements CdmTableReader, CdmRecord {
        private final CdmTable table;
        private final String source;
        private final PreparedStatement statement;
        private final ResultSet rows;
        /** slot → result column (1-based), 0 when the table has no such column. */
        private final int[] columnOfSlot;
        private long row;
        private boolean finished;

        Table(CdmTable table, String name, List<String> present) throws SQLException {
            this.table = table;
            this.source = schema + "." + table.tableName();
            Map<String, String> byLower = columnsOf(table, present);
            columnOfSlot = new int[table.columns().size()];
            List<String> select = new ArrayList<>();
            for (int slot = 0; slot < columnOfSlot.length; slot++) {
                String actual = byLower.get(table.columns().get(slot));
                if (actual != null) {
                    select.add(quote(actual));
                    columnOfSlot[slot] = select.size();
                }
            }
            String order = table.orderColumn() == null ? null : byLower.get(table.orderColumn());
            String sql = "SELECT " + String.join(", ", select) + " FROM " + quote(actualSchema()) + "." + quote(name)
                    + (order == null ? "" : " ORDER BY " + quote(order));
            statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(FETCH_SIZE);
            rows = statement.executeQuery();
        }

        @Override
        public CdmTable table() {
            return table;
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public CdmRecord next() {
            if (finished) {
                return null;
            }
            try {
                if (!rows.next()) {
                    finished = true;
                    close();
                    return null;
                }
            } catch (SQLException e) {
                throw new ExtractFailure("Table " + source + " could not be read to the end: " + e.getMessage(), e);
            }
            row++;
            return this;
        }

        @Override
        public long line() {
            return row + 1; // as if the table were a file with a header line
        }

        @Override
        public String get(int slot) {
            int column = columnOfSlot[slot];
            if (column == 0) {
                return null;
            }
            try {
                String v = rows.getString(column);
                return v == null || v.isBlank() ? null : v.strip();
            } catch (SQLException e) {
                throw new ExtractFailure("Table " + source + " row " + row + " cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        public String sha256() {
            return null;
        }

        @Override
        public void close() {
            try {
                rows.close();
                statement.close();
            } catch (SQLException e) {
                // read only
            }
        }
    }
}
