package org.trdoutcomes.staging;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.LocalDate;
import java.util.function.Function;
import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.PatientAttributes;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.StopReason;
import org.trdoutcomes.rules.Strategy;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.Trial;

/**
 * The binary form of a staged trial or patients-file row in a bucket file: a kind byte, the sequence (file index and
 * line, {@link #sequence}), the patient id, a bit mask of the values present, then those values. About 40 bytes a
 * trial: a bucket is read back in one sequential pass, with no parsing or validation left to do.
 */
public final class StagedRowCodec {

    public static final byte TRIAL = 1;
    public static final byte PATIENT = 2;

    private static final int END = 1, STRATEGY = 1 << 1, DOSE = 1 << 2, SESSIONS = 1 << 3, ADHERENCE = 1 << 4,
            SCALE = 1 << 5, BASELINE = 1 << 6, OUTCOME = 1 << 7, STOP = 1 << 8;
    private static final int SITE = 1, SEX = 1 << 1, AGE_BAND = 1 << 2, DIAGNOSIS = 1 << 3, EPISODE_START = 1 << 4,
            PSYCHOTIC = 1 << 5, BIPOLAR = 1 << 6, HYPOTHYROIDISM = 1 << 7, SUBSTANCE = 1 << 8, TRAUMA = 1 << 9,
            ADHD = 1 << 10;

    private StagedRowCodec() {
    }

    /**
     * The staging key of a row: file order first, then line. Rules.md §4 breaks step ties by file order, and the key
     * leads back to the source line of a rejection found later (duplicates).
     */
    public static long sequence(int fileIndex, long line) {
        return ((long) fileIndex << 32) | line;
    }

    public static int fileOf(long sequence) {
        return (int) (sequence >>> 32);
    }

    public static long lineOf(long sequence) {
        return sequence & 0xffffffffL;
    }

    public static void writeTrial(DataOutput out, Trial t) throws IOException {
        int mask = (t.endDate() != null ? END : 0) | (t.strategy() != null ? STRATEGY : 0)
                | (t.dose() != null ? DOSE : 0) | (t.sessions() != null ? SESSIONS : 0)
                | (t.adherencePct() != null ? ADHERENCE : 0) | (t.scale() != null ? SCALE : 0)
                | (t.baselineScore() != null ? BASELINE : 0) | (t.outcomeScore() != null ? OUTCOME : 0)
                | (t.stopReason() != null ? STOP : 0);
        out.writeByte(TRIAL);
        out.writeLong(t.sequence());
        out.writeUTF(t.patientId());
        out.writeShort(mask);
        out.writeInt(t.episode());
        out.writeInt((int) t.startDate().toEpochDay());
        out.writeUTF(t.treatment().canonicalName());
        if (t.endDate() != null) {
            out.writeInt((int) t.endDate().toEpochDay());
        }
        if (t.strategy() != null) {
            out.writeByte(t.strategy().ordinal());
        }
        if (t.dose() != null) {
            out.writeDouble(t.dose().amount());
            out.writeByte(t.dose().unit().ordinal());
        }
        if (t.sessions() != null) {
            out.writeInt(t.sessions());
        }
        if (t.adherencePct() != null) {
            out.writeDouble(t.adherencePct());
        }
        if (t.scale() != null) {
            out.writeByte(t.scale().ordinal());
        }
        if (t.baselineScore() != null) {
            out.writeDouble(t.baselineScore());
        }
        if (t.outcomeScore() != null) {
            out.writeDouble(t.outcomeScore());
        }
        if (t.stopReason() != null) {
            out.writeByte(t.stopReason().ordinal());
        }
    }

    /** Reads a trial after its kind byte. */
    public static Trial readTrial(DataInput in, Function<String, Treatment> treatmentByCanonicalName)
            throws IOException {
        long sequence = in.readLong();
        String patientId = in.readUTF();
        int mask = in.readUnsignedShort();
        int episode = in.readInt();
        LocalDate start = LocalDate.ofEpochDay(in.readInt());
        String treatmentName = in.readUTF();
        Treatment treatment = treatmentByCanonicalName.apply(treatmentName);
        if (treatment == null) {
            throw new IllegalStateException("Staged treatment '" + treatmentName
                    + "' is not in the catalogue in force: was the catalogue changed between ingest and restart?");
        }
        LocalDate end = (mask & END) != 0 ? LocalDate.ofEpochDay(in.readInt()) : null;
        Strategy strategy = (mask & STRATEGY) != 0 ? Strategy.values()[in.readByte()] : null;
        Dose dose = null;
        if ((mask & DOSE) != 0) {
            double amount = in.readDouble();
            dose = new Dose(amount, DoseUnit.values()[in.readByte()]);
        }
        Integer sessions = (mask & SESSIONS) != 0 ? in.readInt() : null;
        Double adherence = (mask & ADHERENCE) != 0 ? in.readDouble() : null;
        Scale scale = (mask & SCALE) != 0 ? Scale.values()[in.readByte()] : null;
        Double baseline = (mask & BASELINE) != 0 ? in.readDouble() : null;
        Double outcome = (mask & OUTCOME) != 0 ? in.readDouble() : null;
        StopReason stop = (mask & STOP) != 0 ? StopReason.values()[in.readByte()] : null;
        return new Trial(patientId, episode, start, end, treatment, strategy, dose, sessions, adherence, scale,
                baseline, outcome, stop, sequence);
    }

    public static void writePatient(DataOutput out, long sequence, PatientAttributes p) throws IOException {
        int mask = (p.site() != null ? SITE : 0) | (p.sex() != null ? SEX : 0) | (p.ageBand() != null ? AGE_BAND : 0)
                | (p.diagnosis() != null ? DIAGNOSIS : 0) | (p.episodeStart() != null ? EPISODE_START : 0)
                | (p.psychoticFeatures() ? PSYCHOTIC : 0) | (p.bipolar() ? BIPOLAR : 0)
                | (p.hypothyroidism() ? HYPOTHYROIDISM : 0) | (p.substanceUse() ? SUBSTANCE : 0)
                | (p.trauma() ? TRAUMA : 0) | (p.adhd() ? ADHD : 0);
        out.writeByte(PATIENT);
        out.writeLong(sequence);
        out.writeUTF(p.patientId());
        out.writeShort(mask);
        writeIf(out, p.site());
        writeIf(out, p.sex());
        writeIf(out, p.ageBand());
        writeIf(out, p.diagnosis());
        if (p.episodeStart() != null) {
            out.writeInt((int) p.episodeStart().toEpochDay());
        }
    }

    /** Reads a patients-file row after its kind byte. */
    public static StagedPatient readPatient(DataInput in) throws IOException {
        long sequence = in.readLong();
        String patientId = in.readUTF();
        int mask = in.readUnsignedShort();
        String site = (mask & SITE) != 0 ? in.readUTF() : null;
        String sex = (mask & SEX) != 0 ? in.readUTF() : null;
        String ageBand = (mask & AGE_BAND) != 0 ? in.readUTF() : null;
        String diagnosis = (mask & DIAGNOSIS) != 0 ? in.readUTF() : null;
        LocalDate episodeStart = (mask & EPISODE_START) != 0 ? LocalDate.ofEpochDay(in.readInt()) : null;
        return new StagedPatient(sequence, new PatientAttributes(patientId, site, sex, ageBand, diagnosis, episodeStart,
                (mask & PSYCHOTIC) != 0, (mask & BIPOLAR) != 0, (mask & HYPOTHYROIDISM) != 0,
                (mask & SUBSTANCE) != 0, (mask & TRAUMA) != 0, (mask & ADHD) != 0));
    }

    private static void writeIf(DataOutput out, String value) throws IOException {
        if (value != null) {
            out.writeUTF(value);
        }
    }

    /** A patients-file row as staged. */
    public record StagedPatient(long sequence, PatientAttributes patient) {
    }
}
