package org.trdoutcomes.ingest.omop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdoutcomes.ingest.ExtractFailure;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;

/**
 * The hand-worked CDM loaded into PostgreSQL (typed CDM v5.4 columns, a random schema) and read through JDBC:
 * the same derived trials and patients as from the files. Skipped, saying why, where no server is reachable.
 */
class OmopPostgresReaderTest {

    static String user;
    static String schema;
    static Map<String, Integer> stored;

    @TempDir
    Path work;

    @BeforeAll
    static void loadTheFixture() throws Exception {
        user = CdmPostgres.reachableUser();
        if (user == null) {
            Assumptions.abort("No PostgreSQL reachable at " + CdmPostgres.SERVER + " (user postgres or "
                    + System.getProperty("user.name") + ", trust auth): OMOP PostgreSQL tests skipped");
        }
        schema = CdmPostgres.newSchema(user);
        stored = CdmPostgres.load(user, schema, OmopFixture.folder(), List.copyOf(CdmPostgres.DDL.keySet()));
    }

    @AfterAll
    static void dropTheSchema() {
        if (schema != null) {
            CdmPostgres.dropSchema(user, schema);
        }
    }

    private CdmDatabase database() {
        return new CdmDatabase(CdmPostgres.SERVER, user, "", schema);
    }

    @Test
    void storesEveryRowThatFitsTypedColumnsAsTheReadmeSays() {
        assertThat(stored).containsExactlyInAnyOrderEntriesOf(Map.of("person", 6, "drug_exposure", 19,
                "procedure_occurrence", 7, "condition_occurrence", 7, "measurement", 13, "observation", 2,
                "concept", 9, "concept_ancestor", 4, "drug_strength", 4));
    }

    @Test
    void derivesTheSameTrialsAndPatientsAsFromTheFiles() {
        List<ExtractRow> fromFiles = OmopFixture.readAll(new CdmFolder(OmopFixture.folder()), work.resolve("f"), 4).rows();
        List<ExtractRow> fromDatabase = OmopFixture.readAll(database(), work.resolve("d"), 4).rows();

        assertThat(trials(fromDatabase)).hasSize(OmopExtractReaderTest.COURSES.size()).isEqualTo(trials(fromFiles));
        assertThat(patients(fromDatabase)).isEqualTo(OmopExtractReaderTest.PATIENTS).isEqualTo(patients(fromFiles));
    }

    @Test
    void rejectsTheStoredRowsThatBreakTheContractAndAccountsPerTable() {
        OmopFixture.Read read = OmopFixture.readAll(database(), work, 4);

        assertThat(read.rows().stream().filter(RejectedRow.class::isInstance)
                .flatMap(r -> ((RejectedRow) r).rejections().stream()).map(x -> x.file() + "|" + x.column() + "|" + x.reason()))
                .containsExactly(
                        schema + ".person|person_id|DUPLICATE_PATIENT",
                        schema + ".drug_exposure|person_id|MISSING_VALUE",
                        schema + ".drug_exposure|drug_exposure_end_date|END_BEFORE_START",
                        schema + ".drug_exposure|drug_exposure_start_date|FUTURE_DATE",
                        schema + ".procedure_occurrence|procedure_date|MISSING_VALUE",
                        schema + ".measurement|value_as_number|OUT_OF_RANGE");
        assertThat(read.accounts()).extracting(a -> a.table().tableName() + "|" + a.rowsRead() + "|" + a.rowsRejected()
                + "|" + a.sha256()).containsExactly("person|6|1|null", "drug_exposure|19|3|null",
                "procedure_occurrence|7|1|null", "condition_occurrence|7|0|null", "measurement|13|1|null",
                "observation|2|0|null", "concept|9|0|null", "concept_ancestor|4|0|null", "drug_strength|4|0|null");
    }

    @Test
    void aMissingOptionalTableIsAbsentAndAMissingSchemaOrDrugExposureIsRefused() throws Exception {
        String partial = CdmPostgres.newSchema(user);
        try {
            CdmPostgres.load(user, partial, OmopFixture.folder(), List.of("drug_exposure"));
            OmopFixture.Read read = OmopFixture.readAll(new CdmDatabase(CdmPostgres.SERVER, user, "", partial), work, 2);
            assertThat(read.accounts()).extracting(a -> a.table().tableName()).containsExactly("drug_exposure");
            // without vocabulary only rule 1 and rule 4 map: fluoxetine, mirtazapine, venlafaxine (source value), ...
            assertThat(trials(read.rows())).extracting(t -> t.treatment().canonicalName()).contains("fluoxetine", "venlafaxine")
                    .doesNotContain("sertraline", "escitalopram", "lithium");
        } finally {
            CdmPostgres.dropSchema(user, partial);
        }
        assertThatThrownBy(() -> new CdmDatabase(CdmPostgres.SERVER, user, "", "no_such_schema_x"))
                .isInstanceOf(ExtractFailure.class).hasMessageContaining("no drug_exposure table");
        assertThatThrownBy(() -> new CdmDatabase(CdmPostgres.SERVER, user, "", "cdm; DROP TABLE x"))
                .isInstanceOf(ExtractFailure.class).hasMessageContaining("not a schema name");
    }

    private static List<org.trdoutcomes.rules.Trial> trials(List<ExtractRow> rows) {
        return rows.stream().filter(AcceptedTrial.class::isInstance).map(r -> ((AcceptedTrial) r).trial()).toList();
    }

    private static List<org.trdoutcomes.rules.PatientAttributes> patients(List<ExtractRow> rows) {
        return rows.stream().filter(AcceptedPatient.class::isInstance).map(r -> ((AcceptedPatient) r).patient()).toList();
    }
}
