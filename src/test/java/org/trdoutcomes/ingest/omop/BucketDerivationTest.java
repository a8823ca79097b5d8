package org.trdoutcomes.ingest.omop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.Trial;
import org.trdoutcomes.staging.BinaryInput;
import org.trdoutcomes.staging.BinaryOutput;

/** Phase 2 for one bucket of hand-written spilled rows, and the patient attributes of omop.md §2 at their bounds. */
class BucketDerivationTest {

    private static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
    private static final TreatmentCatalogue CATALOGUE = TreatmentCatalogue.defaults();
    private static final long SERTRALINE = 739138;
    private static final long ECT = 2795842;

    @TempDir
    Path parent;

    private final BucketDerivation derivation = new BucketDerivation(vocabulary(),
            n -> CATALOGUE.find(n).orElse(null), AS_OF);

    private static OmopVocabulary vocabulary() {
        LongHashSet used = new LongHashSet();
        used.add(SERTRALINE);
        used.add(99);
        return new OmopVocabulary(CATALOGUE, OmopConcepts.load(CATALOGUE), new TreatmentNames(CATALOGUE), used);
    }

    @Test
    void sexComesFromTheTwoGenderConceptsAndEverythingElseIsUnknown() {
        assertThat(BucketDerivation.sex(8532)).isEqualTo("F");
        assertThat(BucketDerivation.sex(8507)).isEqualTo("M");
        assertThat(BucketDerivation.sex(0)).isEqualTo("U");
        assertThat(BucketDerivation.sex(OmopCells.NONE)).isEqualTo("U");
    }

    @Test
    void theAgeBandIsTheAsOfYearMinusTheYearOfBirthAtEachBound() {
        assertThat(derivation.ageBand(2008)).isEqualTo("<18"); // 17
        assertThat(derivation.ageBand(2007)).isEqualTo("18-24"); // 18
        assertThat(derivation.ageBand(2001)).isEqualTo("18-24"); // 24
        assertThat(derivation.ageBand(2000)).isEqualTo("25-34"); // 25
        assertThat(derivation.ageBand(1961)).isEqualTo("55-64"); // 64
        assertThat(derivation.ageBand(1960)).isEqualTo("65+");
        assertThat(derivation.ageBand(OmopCells.NONE)).isNull();
    }

    @Test
    void aBucketBecomesItsPatientsInIdTextOrderEachWithItsCoursesAndItsFirstRow() throws IOException {
        OmopWorkFolder work = OmopWorkFolder.create(parent, 1);
        try (BinaryOutput out = OmopWorkFolder.output(work.rows(0))) {
            new SpilledRow.Drug(20, 5, SERTRALINE, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 30), 30, 30, null).write(out);
            new SpilledRow.Drug(20, 4, 99, LocalDate.of(2024, 1, 1), null, 30, 30, "local code 99").write(out);
            new SpilledRow.Procedure(20, 3, "electroconvulsive therapy", LocalDate.of(2024, 2, 1)).write(out);
            new SpilledRow.Person(100, 2, 8532, 1980, 7).write(out);
            new SpilledRow.Score(100, Scale.PHQ9, LocalDate.of(2024, 1, 1), 19, 1).write(out);
            new SpilledRow.Condition(7, 0, "F20").write(out); // a condition alone makes no patient (omop.md §2)
        }

        UnmappedDrugs unmapped = derivation.derive(work, 0);

        List<DerivedPatient> patients = new ArrayList<>();
        try (BinaryInput in = OmopWorkFolder.input(work.derived(0))) {
            for (DerivedPatient p = DerivedPatient.read(in, n -> CATALOGUE.find(n).orElse(null)); p != null;
                 p = DerivedPatient.read(in, n -> CATALOGUE.find(n).orElse(null))) {
                patients.add(p);
            }
        }
        assertThat(patients).extracting(DerivedPatient::patientId).containsExactly("100", "20");
        DerivedPatient withPerson = patients.get(0);
        assertThat(withPerson.hasPersonRow()).isTrue();
        assertThat(withPerson.table()).isEqualTo(CdmTable.PERSON.ordinal());
        assertThat(withPerson.line()).isEqualTo(2);
        assertThat(withPerson.patient().sex()).isEqualTo("F");
        assertThat(withPerson.patient().ageBand()).isEqualTo("45-54");
        assertThat(withPerson.patient().site()).isEqualTo("7");
        assertThat(withPerson.courses()).isEmpty();

        DerivedPatient withoutPerson = patients.get(1);
        assertThat(withoutPerson.hasPersonRow()).isFalse();
        // its first treatment row: drug_exposure line 4 (the unmapped one counts), before procedure line 3
        assertThat(withoutPerson.table()).isEqualTo(CdmTable.DRUG_EXPOSURE.ordinal());
        assertThat(withoutPerson.line()).isEqualTo(4);
        assertThat(withoutPerson.patient().sex()).isNull();
        assertThat(withoutPerson.courses()).extracting(c -> c.trial().treatment().canonicalName(), c -> c.table(), c -> c.line())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sertraline", CdmTable.DRUG_EXPOSURE.ordinal(), 5L),
                        org.assertj.core.groups.Tuple.tuple("electroconvulsive therapy", CdmTable.PROCEDURE_OCCURRENCE.ordinal(), 3L));
        Trial sertraline = withoutPerson.courses().get(0).trial();
        assertThat(sertraline.endDate()).isEqualTo(LocalDate.of(2024, 1, 30));
        assertThat(sertraline.sequence()).isZero();

        assertThat(unmapped.warnings("drug.csv")).singleElement().satisfies(w -> {
            assertThat(w.value()).isEqualTo("99");
            assertThat(w.line()).isEqualTo(4);
        });
        work.delete();
    }
}
