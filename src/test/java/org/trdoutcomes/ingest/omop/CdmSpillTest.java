package org.trdoutcomes.ingest.omop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.Rejection;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.staging.BinaryInput;

/** Phase 1 on a small CDM folder: where each row goes, and what a rejected row leaves behind. */
class CdmSpillTest {

    private static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);

    @TempDir
    Path cdm;
    @TempDir
    Path parent;

    private OmopWorkFolder spill(CdmSpill spill, int buckets) throws IOException {
        OmopWorkFolder work = OmopWorkFolder.create(parent, buckets);
        try (CdmFolder source = new CdmFolder(cdm)) {
            spill.spill(source, work);
        }
        return work;
    }

    private static CdmSpill newSpill() {
        return new CdmSpill(new OmopSettings(AS_OF, OmopSettings.DEFAULT_SCALES, Path.of("unused"), 2),
                TreatmentCatalogue.defaults());
    }

    private static List<SpilledRow> spilled(OmopWorkFolder work, int bucket) throws IOException {
        List<SpilledRow> rows = new ArrayList<>();
        try (BinaryInput in = OmopWorkFolder.input(work.rows(bucket))) {
            for (SpilledRow r = SpilledRow.read(in, bucket); r != null; r = SpilledRow.read(in, bucket)) {
                rows.add(r);
            }
        }
        return rows;
    }

    private static List<RejectedRow> rejected(OmopWorkFolder work) throws IOException {
        List<RejectedRow> rows = new ArrayList<>();
        try (BinaryInput in = OmopWorkFolder.input(work.rejected())) {
            for (RejectedRow r = OmopWorkFolder.readRejected(in); r != null; r = OmopWorkFolder.readRejected(in)) {
                rows.add(r);
            }
        }
        return rows;
    }

    @Test
    void aRejectedRowGoesToTheRejectedFileWithEveryProblemAndToNoBucket() throws IOException {
        Files.writeString(cdm.resolve("drug_exposure.csv"), """
                person_id,drug_concept_id,drug_exposure_start_date,drug_exposure_end_date,days_supply,quantity,drug_source_value
                1001,739138,2024-01-01,,30,30,sertraline 50
                1002,739138,2024-13-01,,30,ten,sertraline 50
                """);
        CdmSpill spill = newSpill();

        OmopWorkFolder work = spill(spill, 2);

        assertThat(rejected(work)).singleElement().satisfies(r -> {
            assertThat(r.fileIndex()).isEqualTo(CdmTable.DRUG_EXPOSURE.ordinal());
            assertThat(r.line()).isEqualTo(3);
            assertThat(r.rejections()).extracting(Rejection::file, Rejection::line, Rejection::column, Rejection::value)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("drug_exposure.csv", 3L, "drug_exposure_start_date", "2024-13-01"),
                            org.assertj.core.groups.Tuple.tuple("drug_exposure.csv", 3L, "quantity", "ten"));
        });
        List<SpilledRow> all = new ArrayList<>(spilled(work, 0));
        all.addAll(spilled(work, 1));
        assertThat(all).containsExactly(new SpilledRow.Drug(1001, 2, 739138, LocalDate.of(2024, 1, 1), null, 30, 30.0,
                "sertraline 50"));
        assertThat(spilled(work, CdmSpill.bucketOf(1001, 2))).hasSize(1);
        assertThat(spill.accounts()).singleElement().satisfies(a -> {
            assertThat(a.source()).isEqualTo("drug_exposure.csv");
            assertThat(a.rowsRead()).isEqualTo(2);
            assertThat(a.rowsAccepted()).isEqualTo(1);
            assertThat(a.rowsRejected()).isEqualTo(1);
        });
        work.delete();
    }

    @Test
    void everyRowOfAPersonLandsInThatPersonsBucketInTableOrder() throws IOException {
        Files.writeString(cdm.resolve("person.csv"), """
                person_id,gender_concept_id,year_of_birth,care_site_id
                1001,8532,1980,7
                1002,8507,,
                """);
        Files.writeString(cdm.resolve("drug_exposure.csv"), """
                person_id,drug_concept_id,drug_exposure_start_date
                1002,739138,2024-01-01
                1001,739138,20240201
                """);
        Files.writeString(cdm.resolve("condition_occurrence.csv"), """
                person_id,condition_concept_id,condition_start_date,condition_source_value
                1001,0,2024-01-01,F32.3
                1001,0,2025-07-01,F20
                """);

        OmopWorkFolder work = spill(newSpill(), 4);

        List<SpilledRow> of1001 = spilled(work, CdmSpill.bucketOf(1001, 4)).stream().filter(r -> r.person() == 1001).toList();
        assertThat(of1001).containsExactly(
                new SpilledRow.Person(1001, 2, 8532, 1980, 7),
                new SpilledRow.Drug(1001, 3, 739138, LocalDate.of(2024, 2, 1), null, OmopCells.NONE, Double.NaN, null),
                new SpilledRow.Condition(1001, 0, "F32.3")); // the diagnosis after the as-of date is not used
        assertThat(spilled(work, CdmSpill.bucketOf(1002, 4))).contains(new SpilledRow.Person(1002, 3, 8507,
                OmopCells.NONE, OmopCells.NONE));
        assertThat(rejected(work)).isEmpty();
        work.delete();
    }
}
