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
import org.trdoutcomes.ingest.ExtractRow.AcceptedPatient;
import org.trdoutcomes.ingest.ExtractRow.AcceptedTrial;
import org.trdoutcomes.ingest.ExtractRow.RejectedRow;
import org.trdoutcomes.ingest.ExtractRow.WarningRow;
import org.trdoutcomes.ingest.ExtractRow;
import org.trdoutcomes.ingest.ExtractWarning;
import org.trdoutcomes.ingest.Rejection;
import org.trdoutcomes.ingest.RejectionReason;
import org.trdoutcomes.ingest.WarningCode;
import org.trdoutcomes.ingest.omop.CourseDerivation.Course;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;
import org.trdoutcomes.rules.Trial;
import org.trdoutcomes.staging.BinaryOutput;

/** The order of docs/omop.md ("Shape") over hand-written work files of two buckets. */
class OmopRowStreamTest {

    private static final TreatmentCatalogue CATALOGUE = TreatmentCatalogue.defaults();
    private static final int PERSON = CdmTable.PERSON.ordinal();
    private static final int DRUG = CdmTable.DRUG_EXPOSURE.ordinal();

    @TempDir
    Path parent;

    private static Treatment treatment(String name) {
        return CATALOGUE.find(name).orElseThrow();
    }

    private static DerivedPatient patient(String id, boolean hasPersonRow, int table, long line, String... treatments) {
        List<Course> courses = new ArrayList<>();
        for (String t : treatments) {
            Trial trial = new Trial(id, 1, LocalDate.of(2024, 1, 1), null, treatment(t), null, null, null, null, null,
                    null, null, null, 0);
            courses.add(new Course(trial, DRUG, line + courses.size() + 1));
        }
        return new DerivedPatient(new PatientAttributes(id, null, hasPersonRow ? "F" : null, null, null, null,
                false, false, false, false, false, false), hasPersonRow, table, line, courses);
    }

    private static void derived(OmopWorkFolder work, int bucket, DerivedPatient... patients) throws IOException {
        try (BinaryOutput out = OmopWorkFolder.output(work.derived(bucket))) {
            for (DerivedPatient p : patients) {
                p.write(out);
            }
        }
    }

    private static void rejected(OmopWorkFolder work, RejectedRow... rows) throws IOException {
        try (BinaryOutput out = OmopWorkFolder.output(work.rejected())) {
            for (RejectedRow r : rows) {
                OmopWorkFolder.writeRejected(out, r);
            }
        }
    }

    private static RejectedRow rejectedRow(int table, long line) {
        return new RejectedRow(table, line, List.of(new Rejection("t", line, "person_id", null,
                RejectionReason.MISSING_VALUE, "person_id is missing")));
    }

    private static List<String> stream(OmopWorkFolder work, List<CdmTableAccount> tables, UnmappedDrugs unmapped)
            throws IOException {
        List<String> rows = new ArrayList<>();
        try (OmopRowStream stream = new OmopRowStream(work, n -> CATALOGUE.find(n).orElse(null),
                List.of(new ExtractWarning("notes.txt", null, null, null, WarningCode.IGNORED_FILE, "ignored")),
                tables, unmapped)) {
            for (ExtractRow r = stream.next(); r != null; r = stream.next()) {
                rows.add(describe(r));
            }
        }
        return rows;
    }

    private static String describe(ExtractRow row) {
        if (row instanceof AcceptedPatient p) {
            return "patient " + p.patient().patientId() + " @" + p.fileIndex() + ":" + p.line();
        }
        if (row instanceof AcceptedTrial t) {
            return "trial " + t.trial().sequence() + " " + t.trial().patientId() + " " + t.trial().treatment().canonicalName()
                    + " @" + t.fileIndex() + ":" + t.line();
        }
        if (row instanceof RejectedRow r) {
            return "rejected @" + r.fileIndex() + ":" + r.line();
        }
        ExtractWarning w = ((WarningRow) row).warning();
        return w.code() + " " + w.file() + ":" + w.line() + (w.value() == null ? "" : " " + w.value());
    }

    private static CdmTableAccount account(CdmTable table, String source) {
        return new CdmTableAccount(table.ordinal(), table, source, 1, 1, 0, null);
    }

    @Test
    void handsOutWarningsThenRejectedRowsThenPatientsMergedInTextOrderThenUnmappedDrugs() throws IOException {
        OmopWorkFolder work = OmopWorkFolder.create(parent, 2);
        rejected(work, rejectedRow(PERSON, 7), rejectedRow(DRUG, 3));
        // bucket 0 and bucket 1 each in text order; merged: "-5" < "1003" < "20" < "3"
        derived(work, 0, patient("-5", true, PERSON, 2, "sertraline"), patient("20", true, PERSON, 4));
        derived(work, 1, patient("1003", false, DRUG, 9, "lithium", "fluoxetine"), patient("3", true, PERSON, 5, "citalopram"));
        UnmappedDrugs unmapped = new UnmappedDrugs();
        unmapped.count(42, 11, "local code X");

        List<String> rows = stream(work, List.of(account(CdmTable.PERSON, "person.csv"),
                account(CdmTable.DRUG_EXPOSURE, "drug.csv")), unmapped);

        assertThat(rows).containsExactly(
                "IGNORED_FILE notes.txt:null",
                "rejected @0:7",
                "rejected @1:3",
                "patient -5 @0:2",
                "trial 1 -5 sertraline @1:3",
                "patient 1003 @0:0",
                "PATIENT_NOT_IN_PATIENTS_FILES drug.csv:9 1003",
                "trial 2 1003 lithium @1:10",
                "trial 3 1003 fluoxetine @1:11",
                "patient 20 @0:4",
                "patient 3 @0:5",
                "trial 4 3 citalopram @1:6",
                "UNMAPPED_DRUG drug.csv:11 42");
        assertThat(Files.exists(Path.of(work.toString()))).as("work folder deleted at the end").isFalse();
    }

    @Test
    void aPatientWithoutAPersonRowIsNotWarnedAboutWhenTheCdmHasNoPersonTable() throws IOException {
        OmopWorkFolder work = OmopWorkFolder.create(parent, 1);
        rejected(work);
        derived(work, 0, patient("1003", false, DRUG, 9, "lithium"));

        List<String> rows = stream(work, List.of(account(CdmTable.DRUG_EXPOSURE, "drug.csv")), new UnmappedDrugs());

        assertThat(rows).containsExactly("IGNORED_FILE notes.txt:null", "patient 1003 @0:0", "trial 1 1003 lithium @1:10");
    }
}
