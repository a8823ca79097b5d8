package org.trdoutcomes.ingest.omop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.Rejection;
import org.trdoutcomes.ingest.RejectionReason;
import org.trdoutcomes.ingest.omop.CourseDerivation.Course;
import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.Trial;
import org.trdoutcomes.staging.BinaryInput;
import org.trdoutcomes.staging.BinaryOutput;

/** The work files of an OMOP read: what goes in comes back out, texts cut as documented, and the folder goes. */
class OmopWorkFolderTest {

    private static final TreatmentCatalogue CATALOGUE = TreatmentCatalogue.defaults();

    @TempDir
    Path parent;

    @Test
    void rejectedRowsComeBackWithEveryFieldInOrderThenTheEnd() throws IOException {
        OmopWorkFolder work = OmopWorkFolder.create(parent.resolve("not-yet"), 1);
        RejectedRow first = new RejectedRow(1, 19, List.of(
                new Rejection("drug.csv", 19, "drug_exposure_start_date", "2024-13-01", RejectionReason.BAD_DATE, "bad date"),
                new Rejection("drug.csv", 19, "quantity", null, RejectionReason.BAD_NUMBER, "bad number")));
        RejectedRow second = new RejectedRow(2, 4, List.of(
                new Rejection("procedure.csv", 4, null, null, RejectionReason.MALFORMED_RECORD, "too few fields")));
        try (BinaryOutput out = OmopWorkFolder.output(work.rejected())) {
            OmopWorkFolder.writeRejected(out, first);
            OmopWorkFolder.writeRejected(out, second);
        }
        try (BinaryInput in = OmopWorkFolder.input(work.rejected())) {
            assertThat(OmopWorkFolder.readRejected(in)).isEqualTo(first);
            assertThat(OmopWorkFolder.readRejected(in)).isEqualTo(second);
            assertThat(OmopWorkFolder.readRejected(in)).isNull();
        }
    }

    @Test
    void aSpilledTextIsCutAtAThousandCharacters() throws IOException {
        OmopWorkFolder work = OmopWorkFolder.create(parent, 1);
        String long1001 = "x".repeat(1001);
        try (BinaryOutput out = OmopWorkFolder.output(work.rows(0))) {
            OmopWorkFolder.writeText(out, long1001);
            OmopWorkFolder.writeText(out, null);
        }
        try (BinaryInput in = OmopWorkFolder.input(work.rows(0))) {
            assertThat(OmopWorkFolder.readText(in)).isEqualTo("x".repeat(1000));
            assertThat(OmopWorkFolder.readText(in)).isNull();
            assertThat(OmopWorkFolder.atEnd(in)).isTrue();
        }
    }

    @Test
    void aDerivedPatientComesBackWithItsAttributesAndCourses() throws IOException {
        OmopWorkFolder work = OmopWorkFolder.create(parent, 1);
        PatientAttributes attributes = new PatientAttributes("-42", "7", "F", "45-54", null, null,
                true, false, false, true, false, true);
        Trial trial = new Trial("-42", 2, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 1),
                CATALOGUE.find("sertraline").orElseThrow(), Strategy.SWITCH, new Dose(100, DoseUnit.MG), null, null,
                Scale.PHQ9, 19.0, 8.0, null, 0);
        DerivedPatient patient = new DerivedPatient(attributes, true, 0, 3, List.of(new Course(trial, 1, 17)));
        try (BinaryOutput out = OmopWorkFolder.output(work.derived(0))) {
            patient.write(out);
        }
        try (BinaryInput in = OmopWorkFolder.input(work.derived(0))) {
            assertThat(DerivedPatient.read(in, n -> CATALOGUE.find(n).orElse(null))).isEqualTo(patient);
            assertThat(DerivedPatient.read(in, n -> CATALOGUE.find(n).orElse(null))).isNull();
        }
    }

    @Test
    void deleteRemovesTheFolderAndItsFiles() throws IOException {
        OmopWorkFolder work = OmopWorkFolder.create(parent, 2);
        Files.writeString(work.rows(0), "rows");
        Files.writeString(work.derived(1), "derived");

        work.delete();

        assertThat(Files.exists(Path.of(work.toString()))).isFalse();
        assertThat(parent).isEmptyDirectory();
    }
}
