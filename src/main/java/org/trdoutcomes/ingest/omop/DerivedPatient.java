package org.trdoutcomes.ingest.omop;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.trdoutcomes.ingest.omop.CourseDerivation.Course;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.staging.BinaryInput;
import org.trdoutcomes.staging.StagedRowCodec;

/**
 * One patient of a bucket as the derivation writes it and the merged stream reads it back: the patient, where it
 * comes from, and its courses (trials with sequence 0: the stream numbers them). The patient and the trials are in
 * the staging format ({@link StagedRowCodec}), each after the table and line it keys to.
 *
 * @param hasPersonRow false for a patient made by drug or procedure rows only (omop.md §2)
 * @param table        with {@code line}: the person row, or else the patient's first treatment row
 */
record DerivedPatient(PatientAttributes patient, boolean hasPersonRow, int table, long line, List<Course> courses) {

    String patientId() {
        return patient.patientId();
    }

    void write(DataOutput out) throws IOException {
        out.writeBoolean(hasPersonRow);
        out.writeInt(table);
        out.writeLong(line);
        StagedRowCodec.writePatient(out, 0, patient); // its staging sequence comes from the table and line
        out.writeInt(courses.size());
        for (Course c : courses) {
            out.writeInt(c.table());
            out.writeLong(c.line());
            StagedRowCodec.writeTrial(out, c.trial());
        }
    }

    /** The next patient of a derived bucket file, or null at its end. */
    static DerivedPatient read(BinaryInput in, Function<String, Treatment> treatmentByCanonicalName) throws IOException {
        if (OmopWorkFolder.atEnd(in)) {
            return null;
        }
        boolean hasPersonRow = in.readBoolean();
        int table = in.readInt();
        long line = in.readLong();
        kind(in, StagedRowCodec.PATIENT);
        PatientAttributes patient = StagedRowCodec.readPatient(in).patient();
        int n = in.readInt();
        List<Course> courses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int courseTable = in.readInt();
            long courseLine = in.readLong();
            kind(in, StagedRowCodec.TRIAL);
            courses.add(new Course(StagedRowCodec.readTrial(in, treatmentByCanonicalName), courseTable, courseLine));
        }
        return new DerivedPatient(patient, hasPersonRow, table, line, courses);
    }

    private static void kind(DataInput in, byte expected) throws IOException {
        byte kind = in.readByte();
        if (kind != expected) {
            throw new IOException("derived bucket is corrupt (row kind " + kind + ", expected " + expected + ")");
        }
    }
}
