package org.trdoutcomes.ingest.omop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdoutcomes.ingest.ExtractFailure;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;
import org.trdoutcomes.ingest.ExtractWarning;
import org.trdoutcomes.ingest.Rejection;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Trial;

/**
 * The hand-worked CDM read from its files: every trial, patient, rejection, warning and count is compared with
 * the hand results of fixtures/omop-handworked/README.md.
 */
class OmopExtractReaderTest {

    @TempDir
    Path work;

    /** One row of the README's course table. */
    record Expected(long seq, String patient, String treatment, String start, String end, int episode, String strategy,
                    Double doseMg, Integer sessions, Double baseline, Double outcome) {
    }

    static final String NEG = "-9007199254740993";

    /** The README's table "Courses, episodes, strategies, scores", row for row. */
    static final List<Expected> COURSES = List.of(
            new Expected(1, NEG, "fluoxetine", "2025-01-10", "2025-03-10", 1, "INITIAL", null, null, null, null),
            new Expected(2, "1001", "sertraline", "2024-01-01", "2024-03-29", 1, "INITIAL", 100.0, null, 19.0, 8.0),
            new Expected(3, "1001", "mirtazapine", "2024-02-28", "2024-04-15", 1, "COMBINATION", null, null, 16.0, 6.0),
            new Expected(4, "1002", "escitalopram", "2024-01-01", "2024-01-31", 1, "INITIAL", 10.0, null, null, null),
            new Expected(5, "1002", "escitalopram", "2024-03-02", "2024-03-29", 1, "SWITCH", 20.0, null, null, null),
            new Expected(6, "1002", "venlafaxine", "2024-09-26", "2024-11-24", 2, "INITIAL", null, null, null, null),
            new Expected(7, "1002", "bupropion", "2025-05-01", null, 2, "SWITCH", null, null, 18.0, null),
            new Expected(8, "1003", "electroconvulsive therapy", "2024-06-03", "2024-07-07", 1, null, null, 4, null, null),
            new Expected(9, "1003", "lithium", "2024-06-10", "2024-12-10", 1, null, 600.0, null, null, null),
            new Expected(10, "1003", "transcranial magnetic stimulation", "2024-08-01", "2024-08-01", 1, null, null, null, null, null),
            new Expected(11, "1003", "psychotherapy", "2024-09-01", "2024-09-01", 1, null, null, null, null, null),
            new Expected(12, "1003", "duloxetine", "2025-06-28", null, 2, "INITIAL", null, null, 14.0, null),
            new Expected(13, "1004", "citalopram", "2024-01-01", "2024-03-31", 1, "INITIAL", null, null, 21.0, 10.0),
            new Expected(14, "1004", "levothyroxine", "2024-02-01", "2024-02-29", 1, null, 0.05, null, null, null),
            new Expected(15, "1004", "paroxetine", "2024-03-02", "2024-05-31", 1, "SWITCH", null, null, null, null));

    /** The README's patients table: id, site, sex, age band, then flags psychotic, bipolar, hypothyroid, substance, trauma, adhd. */
    static final List<PatientAttributes> PATIENTS = List.of(
            new PatientAttributes(NEG, null, null, null, null, null, false, false, false, false, true, false),
            new PatientAttributes("1001", "7", "F", "45-54", null, null, false, false, false, false, false, false),
            new PatientAttributes("1002", null, "M", "25-34", null, null, true, false, false, false, false, false),
            new PatientAttributes("1003", "12", "U", null, null, null, false, true, false, false, false, true),
            new PatientAttributes("1004", "7", "F", "65+", null, null, false, false, false, true, false, false),
            new PatientAttributes("1005", "7", "M", "<18", null, null, false, false, false, false, false, false));

    @Test
    void derivesEveryCourseOfTheReadme() {
        OmopFixture.Read read = OmopFixture.readAll(new CdmFolder(OmopFixture.folder()), work, 4);

        List<Trial> trials = read.rows().stream().filter(AcceptedTrial.class::isInstance)
                .map(r -> ((AcceptedTrial) r).trial()).toList();
        assertThat(trials).hasSize(COURSES.size());
        for (int i = 0; i < COURSES.size(); i++) {
            Expected e = COURSES.get(i);
            Trial t = trials.get(i);
            String label = "course " + e.seq() + " (" + e.treatment() + ")";
            assertThat(t.sequence()).as(label).isEqualTo(e.seq());
            assertThat(t.patientId()).as(label).isEqualTo(e.patient());
            assertThat(t.treatment().canonicalName()).as(label).isEqualTo(e.treatment());
            assertThat(t.startDate()).as(label).isEqualTo(LocalDate.parse(e.start()));
            assertThat(t.endDate()).as(label).isEqualTo(e.end() == null ? null : LocalDate.parse(e.end()));
            assertThat(t.episode()).as(label).isEqualTo(e.episode());
            assertThat(t.strategy() == null ? null : t.strategy().name()).as(label).isEqualTo(e.strategy());
            if (e.doseMg() == null) {
                assertThat(t.dose()).as(label).isNull();
            } else {
                assertThat(t.dose().unit().label()).as(label).isEqualTo("mg");
                assertThat(t.dose().amount()).as(label).isCloseTo(e.doseMg(), org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(t.sessions()).as(label).isEqualTo(e.sessions());
            assertThat(t.scale() == null ? null : t.scale().name()).as(label).isEqualTo(e.baseline() == null ? null : "PHQ9");
            assertThat(t.baselineScore()).as(label).isEqualTo(e.baseline());
            assertThat(t.outcomeScore()).as(label).isEqualTo(e.outcome());
            assertThat(t.adherencePct()).as(label).isNull();
            assertThat(t.stopReason()).as(label).isNull();
        }
    }

    @Test
    void derivesEveryPatientOfTheReadme() {
        OmopFixture.Read read = OmopFixture.readAll(new CdmFolder(OmopFixture.folder()), work, 4);

        List<PatientAttributes> patients = read.rows().stream().filter(AcceptedPatient.class::isInstance)
                .map(r -> ((AcceptedPatient) r).patient()).toList();
        assertThat(patients).containsExactlyElementsOf(PATIENTS);
    }

    @Test
    void rejectsEveryRowTheReadmeListsWithFileLineColumnAndReason() {
        OmopFixture.Read read = OmopFixture.readAll(new CdmFolder(OmopFixture.folder()), work, 4);

        List<String> rejections = read.rows().stream().filter(RejectedRow.class::isInstance)
                .flatMap(r -> ((RejectedRow) r).rejections().stream())
                .map(OmopExtractReaderTest::describe).toList();
        assertThat(rejections).containsExactly(
                "person.csv|7|person_id|12a|BAD_NUMBER",
                "person.csv|8|person_id|1004|DUPLICATE_PATIENT",
                "Drug_Exposure.CSV|18|person_id|null|MISSING_VALUE",
                "Drug_Exposure.CSV|19|drug_exposure_start_date|2024-13-01|BAD_DATE",
                "Drug_Exposure.CSV|20|drug_exposure_end_date|2024-04-30|END_BEFORE_START",
                "Drug_Exposure.CSV|21|drug_exposure_start_date|2025-07-01|FUTURE_DATE",
                "Drug_Exposure.CSV|22|quantity|ten|BAD_NUMBER",
                "Drug_Exposure.CSV|23|null|null|MALFORMED_RECORD",
                "procedure_occurrence.tsv|9|procedure_date|null|MISSING_VALUE",
                "condition_occurrence.txt|8|condition_start_date|2024-13-45|BAD_DATE",
                "measurement.csv|11|value_as_number|28|OUT_OF_RANGE",
                "observation.csv|4|observation_date|2024-13-01|BAD_DATE",
                "CONCEPT.csv|11|concept_id|abc|BAD_NUMBER");
        for (ExtractRow r : read.rows()) {
            if (r instanceof RejectedRow rejected) {
                assertThat(rejected.rejections()).allSatisfy(x -> assertThat(x.line()).isEqualTo(rejected.line()));
                assertThat(rejected.fileIndex()).isEqualTo(tableOf(rejected.rejections().get(0).file()).ordinal());
            }
        }
    }

    @Test
    void accountsForEveryTableAsTheReadmeCountsAndHashesEachFile() throws Exception {
        OmopFixture.Read read = OmopFixture.readAll(new CdmFolder(OmopFixture.folder()), work, 4);

        assertThat(read.accounts()).extracting(a -> a.table().tableName() + "|" + a.source() + "|" + a.rowsRead() + "|"
                + a.rowsAccepted() + "|" + a.rowsRejected()).containsExactly(
                "person|person.csv|7|5|2",
                "drug_exposure|Drug_Exposure.CSV|22|16|6",
                "procedure_occurrence|procedure_occurrence.tsv|8|7|1",
                "condition_occurrence|condition_occurrence.txt|8|7|1",
                "measurement|measurement.csv|14|13|1",
                "observation|observation.csv|3|2|1",
                "concept|CONCEPT.csv|10|9|1",
                "concept_ancestor|CONCEPT_ANCESTOR.csv|4|4|0",
                "drug_strength|DRUG_STRENGTH.csv|4|4|0");
        for (CdmTableAccount a : read.accounts()) {
            byte[] bytes = Files.readAllBytes(OmopFixture.folder().resolve(a.source()));
            assertThat(a.sha256()).as(a.source())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            assertThat(a.index()).isEqualTo(a.table().ordinal());
        }
    }

    @Test
    void warnsOfTheIgnoredFileThePatientWithoutPersonRowAndEachUnmappedDrugInStreamOrder() {
        OmopFixture.Read read = OmopFixture.readAll(new CdmFolder(OmopFixture.folder()), work, 4);

        List<ExtractWarning> warnings = read.rows().stream().filter(WarningRow.class::isInstance)
                .map(r -> ((WarningRow) r).warning()).toList();
        assertThat(warnings).extracting(w -> w.code() + "|" + w.file() + "|" + w.line() + "|" + w.column() + "|" + w.value())
                .containsExactly(
                        "IGNORED_FILE|README.md|null|null|null",
                        "PATIENT_NOT_IN_PATIENTS_FILES|Drug_Exposure.CSV|9|person_id|" + NEG,
                        "UNMAPPED_DRUG|Drug_Exposure.CSV|12|drug_concept_id|-2000000002",
                        "UNMAPPED_DRUG|Drug_Exposure.CSV|10|drug_concept_id|-2000000001");
        assertThat(warnings.get(2).message()).contains("1 drug_exposure row ").contains("'xxxx.xxx@xxxxxxx.xxx'")
                .doesNotContain("jane");
        assertThat(warnings.get(3).message()).contains("2 drug_exposure rows").contains("'Herbal tea, loose'");
        // the patient warning comes right after its patient, before its trial
        int at = read.rows().indexOf(read.rows().stream().filter(WarningRow.class::isInstance).toList().get(1));
        assertThat(read.rows().get(at - 1)).isInstanceOf(AcceptedPatient.class);
        assertThat(read.rows().get(at + 1)).isInstanceOf(AcceptedTrial.class);
    }

    @Test
    void noSourceValueOfAPersonReachesTheOutput() {
        OmopFixture.Read read = OmopFixture.readAll(new CdmFolder(OmopFixture.folder()), work, 4);

        assertThat(read.rows()).allSatisfy(r -> assertThat(r.toString()).doesNotContain("MRN").doesNotContain("jane.doe"));
    }

    @Test
    void theStreamIsTheSameWhateverTheNumberOfBuckets() {
        List<ExtractRow> one = OmopFixture.readAll(new CdmFolder(OmopFixture.folder()), work.resolve("a"), 1).rows();
        List<ExtractRow> many = OmopFixture.readAll(new CdmFolder(OmopFixture.folder()), work.resolve("b"), 7).rows();
        assertThat(many).isEqualTo(one);
    }

    @Test
    void leavesNoWorkFilesBehind() throws IOException {
        OmopFixture.readAll(new CdmFolder(OmopFixture.folder()), work, 4);
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void refusesAFolderHoldingBothCdmTablesAndTrialsExtracts(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("drug_exposure.csv"), "person_id,drug_concept_id,drug_exposure_start_date\n");
        Files.writeString(folder.resolve("trials.csv"), "patient_id,start_date,treatment\n");
        assertThatThrownBy(() -> new CdmFolder(folder)).isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("both OMOP CDM tables and trials extracts").hasMessageContaining("trials.csv");
    }

    @Test
    void refusesADirectIdentifierColumnInACdmTable(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("drug_exposure.csv"), "person_id,drug_concept_id,drug_exposure_start_date\n1,739138,2024-01-01\n");
        Files.writeString(folder.resolve("PERSON.csv"), "person_id,Date of Birth,year_of_birth\n1,1980-01-01,1980\n");
        assertThatThrownBy(() -> OmopFixture.readAll(new CdmFolder(folder), work, 2)).isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("PERSON.csv").hasMessageContaining("direct identifier");
    }

    @Test
    void refusesAFolderWithoutDrugExposureAndATableGivenTwice(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("person.csv"), "person_id\n1\n");
        assertThatThrownBy(() -> new CdmFolder(folder)).isInstanceOf(ExtractFailure.class).hasMessageContaining("No drug_exposure");
        Files.writeString(folder.resolve("drug_exposure.csv"), "person_id,drug_concept_id,drug_exposure_start_date\n");
        Files.writeString(folder.resolve("DRUG_EXPOSURE.tsv"), "person_id\tdrug_concept_id\tdrug_exposure_start_date\n");
        assertThatThrownBy(() -> new CdmFolder(folder)).isInstanceOf(ExtractFailure.class).hasMessageContaining("twice");
    }

    @Test
    void refusesADrugExposureFileWithoutARequiredColumn(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("drug_exposure.csv"), "person_id,drug_exposure_start_date\n1,2024-01-01\n");
        assertThatThrownBy(() -> OmopFixture.readAll(new CdmFolder(folder), work, 2)).isInstanceOf(ExtractFailure.class)
                .hasMessageContaining("drug_concept_id");
    }

    @Test
    void recognisesACdmFolderByItsDrugExposureFileInAnyCase(@TempDir Path folder) throws IOException {
        assertThat(CdmFolder.isCdmFolder(folder)).isFalse();
        Files.writeString(folder.resolve("DRUG_exposure.TXT"), "x\n");
        assertThat(CdmFolder.isCdmFolder(folder)).isTrue();
        assertThat(CdmFolder.isCdmFolder(OmopFixture.folder())).isTrue();
    }

    private static CdmTable tableOf(String file) {
        return CdmFolder.tableOf(Path.of(file));
    }

    static String describe(Rejection r) {
        return r.file() + "|" + r.line() + "|" + r.column() + "|" + r.value() + "|" + r.reason();
    }
}
