package org.trdoutcomes.ingest.omop;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Loads a folder of CDM files into a fresh PostgreSQL schema whose tables have the column types of the OMOP CDM
 * v5.4 PostgreSQL DDL (ids bigint, as omop.md allows 64-bit ids; no NOT NULL or key constraints, so that the rows
 * the reader must reject can be stored). A row whose values do not fit a typed column (an impossible date, a
 * number that is text, too few fields) cannot be stored and is left out.
 */
public final class CdmPostgres {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    /** CDM v5.4 DDL of the tables omop.md reads: column → SQL type. */
    public static final Map<String, String> DDL = new LinkedHashMap<>();

    static {
        DDL.put("person", "person_id bigint, gender_concept_id integer, year_of_birth integer, month_of_birth integer,"
                + " day_of_birth integer, birth_datetime timestamp, race_concept_id integer, ethnicity_concept_id integer,"
                + " location_id integer, provider_id integer, care_site_id integer, person_source_value varchar(50),"
                + " gender_source_value varchar(50), gender_source_concept_id integer, race_source_value varchar(50),"
                + " race_source_concept_id integer, ethnicity_source_value varchar(50), ethnicity_source_concept_id integer");
        DDL.put("drug_exposure", "drug_exposure_id bigint, person_id bigint, drug_concept_id integer,"
                + " drug_exposure_start_date date, drug_exposure_start_datetime timestamp, drug_exposure_end_date date,"
                + " drug_exposure_end_datetime timestamp, verbatim_end_date date, drug_type_concept_id integer,"
                + " stop_reason varchar(20), refills integer, quantity numeric, days_supply integer, sig text,"
                + " route_concept_id integer, lot_number varchar(50), provider_id integer, visit_occurrence_id integer,"
                + " visit_detail_id integer, drug_source_value varchar(50), drug_source_concept_id integer,"
                + " route_source_value varchar(50), dose_unit_source_value varchar(50)");
        DDL.put("procedure_occurrence", "procedure_occurrence_id bigint, person_id bigint, procedure_concept_id integer,"
                + " procedure_date date, procedure_datetime timestamp, procedure_end_date date, procedure_end_datetime timestamp,"
                + " procedure_type_concept_id integer, modifier_concept_id integer, quantity integer, provider_id integer,"
                + " visit_occurrence_id integer, visit_detail_id integer, procedure_source_value varchar(50),"
                + " procedure_source_concept_id integer, modifier_source_value varchar(50)");
        DDL.put("condition_occurrence", "condition_occurrence_id bigint, person_id bigint, condition_concept_id integer,"
                + " condition_start_date date, condition_start_datetime timestamp, condition_end_date date,"
                + " condition_end_datetime timestamp, condition_type_concept_id integer, condition_status_concept_id integer,"
                + " stop_reason varchar(20), provider_id integer, visit_occurrence_id integer, visit_detail_id integer,"
                + " condition_source_value varchar(50), condition_source_concept_id integer, condition_status_source_value varchar(50)");
        DDL.put("measurement", "measurement_id bigint, person_id bigint, measurement_concept_id integer, measurement_date date,"
                + " measurement_datetime timestamp, measurement_time varchar(10), measurement_type_concept_id integer,"
                + " operator_concept_id integer, value_as_number numeric, value_as_concept_id integer, unit_concept_id integer,"
                + " range_low numeric, range_high numeric, provider_id integer, visit_occurrence_id integer,"
                + " visit_detail_id integer, measurement_source_value varchar(50), measurement_source_concept_id integer,"
                + " unit_source_value varchar(50), unit_source_concept_id integer, value_source_value varchar(50),"
                + " measurement_event_id bigint, meas_event_field_concept_id integer");
        DDL.put("observation", "observation_id bigint, person_id bigint, observation_concept_id integer, observation_date date,"
                + " observation_datetime timestamp, observation_type_concept_id integer, value_as_number numeric,"
                + " value_as_string varchar(60), value_as_concept_id integer, qualifier_concept_id integer,"
                + " unit_concept_id integer, provider_id integer, visit_occurrence_id integer, visit_detail_id integer,"
                + " observation_source_value varchar(50), observation_source_concept_id integer, unit_source_value varchar(50),"
                + " qualifier_source_value varchar(50), value_source_value varchar(50), observation_event_id bigint,"
                + " obs_event_field_concept_id integer");
        DDL.put("concept", "concept_id integer, concept_name varchar(255), domain_id varchar(20), vocabulary_id varchar(20),"
                + " concept_class_id varchar(20), standard_concept varchar(1), concept_code varchar(50), valid_start_date date,"
                + " valid_end_date date, invalid_reason varchar(1)");
        DDL.put("concept_ancestor", "ancestor_concept_id integer, descendant_concept_id integer,"
                + " min_levels_of_separation integer, max_levels_of_separation integer");
        DDL.put("drug_strength", "drug_concept_id integer, ingredient_concept_id integer, amount_value numeric,"
                + " amount_unit_concept_id integer, numerator_value numeric, numerator_unit_concept_id integer,"
                + " denominator_value numeric, denominator_unit_concept_id integer, box_size integer, valid_start_date date,"
                + " valid_end_date date, invalid_reason varchar(1)");
    }

    private CdmPostgres() {
    }

    /** A user that can connect (postgres, else the OS user), or null when no server is reachable. */
    public static String reachableUser() {
        for (String candidate : new String[] {"postgres", System.getProperty("user.name")}) {
            try (Connection c = DriverManager.getConnection(SERVER + "?connectTimeout=3", candidate, "")) {
                return candidate;
            } catch (SQLException e) {
                // try the next user
            }
        }
        return null;
    }

    public static String newSchema(String user) throws SQLException {
        String schema = "cdm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(SERVER, user, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    public static void dropSchema(String user, String schema) {
        try (Connection c = DriverManager.getConnection(SERVER, user, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // a leftover test schema is harmless
        }
    }

    /**
     * Creates and fills the tables of the CDM files in {@code folder} (only those given) and returns, per table,
     * the number of rows stored.
     */
    public static Map<String, Integer> load(String user, String schema, Path folder, List<String> tables) throws Exception {
        Map<String, Integer> stored = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(SERVER, user, ""); Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                CdmTable table = CdmFolder.tableOf(file);
                if (table == null || !tables.contains(table.tableName())) {
                    continue;
                }
                String ddl = DDL.get(table.tableName());
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE " + schema + "." + table.tableName() + " (" + ddl + ")");
                }
                stored.put(table.tableName(), fill(c, schema, table.tableName(), ddl, file));
            }
        }
        return stored;
    }

    private static int fill(Connection c, String schema, String table, String ddl, Path file) throws IOException, SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (String column : ddl.split(",")) {
            String[] parts = column.strip().split(" ", 2);
            types.put(parts[0], parts[1]);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        boolean tab = text.substring(0, text.indexOf('\n')).contains("\t");
        CSVFormat format = tab ? CSVFormat.TDF.builder().setQuote(null).setIgnoreSurroundingSpaces(false).setTrim(false).get()
                : CSVFormat.RFC4180;
        int count = 0;
        try (Reader reader = new java.io.StringReader(text);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            List<CSVRecord> records = parser.getRecords();
            List<String> header = new ArrayList<>();
            for (String h : records.get(0)) {
                header.add(h.strip().toLowerCase(Locale.ROOT));
            }
            String sql = "INSERT INTO " + schema + "." + table + " (" + String.join(", ", header) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(header.size(), "?")) + ")";
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                for (CSVRecord r : records.subList(1, records.size())) {
                    if (r.size() != header.size() || !bind(insert, header, types, r)) {
                        continue; // cannot be stored in typed columns
                    }
                    insert.executeUpdate();
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean bind(PreparedStatement insert, List<String> header, Map<String, String> types, CSVRecord r)
            throws SQLException {
        for (int i = 0; i < header.size(); i++) {
            String v = r.get(i).strip();
            String type = types.get(header.get(i));
            if (v.isEmpty()) {
                insert.setNull(i + 1, Types.NULL);
                continue;
            }
            try {
                if (type.equals("bigint")) {
                    insert.setLong(i + 1, Long.parseLong(v));
                } else if (type.equals("integer")) {
                    insert.setInt(i + 1, Integer.parseInt(v));
                } else if (type.equals("numeric")) {
                    insert.setBigDecimal(i + 1, new BigDecimal(v));
                } else if (type.equals("date")) {
                    LocalDate d = OmopCells.parseDate(v);
                    if (d == null) {
                        return false;
                    }
                    insert.setDate(i + 1, Date.valueOf(d));
                } else {
                    insert.setString(i + 1, v);
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
