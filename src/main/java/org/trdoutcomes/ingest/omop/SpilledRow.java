package org.trdoutcomes.ingest.omop;

import static org.trdoutcomes.ingest.omop.OmopWorkFolder.readText;
import static org.trdoutcomes.ingest.omop.OmopWorkFolder.writeText;

import java.io.DataOutput;
import java.io.IOException;
import java.time.LocalDate;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.staging.BinaryInput;

/**
 * A valid CDM row as the spill writes it into its person's bucket file and the derivation reads it back: only what
 * the derivation uses, as a tag byte, the person id and the other fields. Absent optional ids are
 * {@link OmopCells#NONE}.
 */
sealed interface SpilledRow {

    byte PERSON = 'P';
    byte DRUG = 'D';
    byte PROCEDURE = 'R';
    byte CONDITION = 'C';
    byte SCORE = 'S';
    long NO_DATE = Long.MIN_VALUE;

    long person();

    void write(DataOutput out) throws IOException;

    /** A person row (omop.md §2): sex, year of birth and site of a patient. */
    record Person(long person, long line, long gender, long yearOfBirth, long careSite) implements SpilledRow {
        @Override
        public void write(DataOutput out) throws IOException {
            head(out, PERSON, person);
            out.writeLong(line);
            out.writeLong(gender);
            out.writeLong(yearOfBirth);
            out.writeLong(careSite);
        }
    }

    /** A drug_exposure row; its drug is mapped once the vocabulary has been read. */
    record Drug(long person, long line, long concept, LocalDate start, LocalDate end, long daysSupply, double quantity,
                String sourceValue) implements SpilledRow {
        @Override
        public void write(DataOutput out) throws IOException {
            head(out, DRUG, person);
            out.writeLong(line);
            out.writeLong(concept);
            out.writeLong(start.toEpochDay());
            out.writeLong(end == null ? NO_DATE : end.toEpochDay());
            out.writeLong(daysSupply);
            out.writeDouble(quantity);
            writeText(out, sourceValue);
        }
    }

    /**
     * A procedure_occurrence row: {@code treatment} is the canonical name of the catalogue treatment it names, or
     * null (then {@code date} is null too) for a procedure that only makes a patient.
     */
    record Procedure(long person, long line, String treatment, LocalDate date) implements SpilledRow {
        @Override
        public void write(DataOutput out) throws IOException {
            head(out, PROCEDURE, person);
            out.writeLong(line);
            writeText(out, treatment);
            out.writeLong(date == null ? NO_DATE : date.toEpochDay());
        }
    }

    /** A condition_occurrence row dated on or before the as-of date: a diagnosis flag, perhaps. */
    record Condition(long person, long concept, String sourceValue) implements SpilledRow {
        @Override
        public void write(DataOutput out) throws IOException {
            head(out, CONDITION, person);
            out.writeLong(concept);
            writeText(out, sourceValue);
        }
    }

    /** A measurement or observation of a scale concept with a value, dated on or before the as-of date. */
    record Score(long person, Scale scale, LocalDate date, double value, long readOrder) implements SpilledRow {

        /** Measurements before observations, each in row order: which of two scores on one date counts. */
        static long readOrder(CdmTable table, long line) {
            return ((long) table.ordinal() << 48) | line;
        }

        @Override
        public void write(DataOutput out) throws IOException {
            head(out, SCORE, person);
            out.writeInt(scale.ordinal());
            out.writeLong(date.toEpochDay());
            out.writeDouble(value);
            out.writeLong(readOrder);
        }
    }

    private static void head(DataOutput out, byte tag, long person) throws IOException {
        out.writeByte(tag);
        out.writeLong(person);
    }

    /** The next row of a bucket file, or null at its end. */
    static SpilledRow read(BinaryInput in, int bucket) throws IOException {
        if (OmopWorkFolder.atEnd(in)) {
            return null;
        }
        byte tag = in.readByte();
        long person = in.readLong();
        return switch (tag) {
            case PERSON -> new Person(person, in.readLong(), in.readLong(), in.readLong(), in.readLong());
            case DRUG -> {
                long line = in.readLong();
                long concept = in.readLong();
                LocalDate start = LocalDate.ofEpochDay(in.readLong());
                LocalDate end = date(in.readLong());
                yield new Drug(person, line, concept, start, end, in.readLong(), in.readDouble(), readText(in));
            }
            case PROCEDURE -> new Procedure(person, in.readLong(), readText(in), date(in.readLong()));
            case CONDITION -> new Condition(person, in.readLong(), readText(in));
            case SCORE -> new Score(person, Scale.values()[in.readInt()], LocalDate.ofEpochDay(in.readLong()),
                    in.readDouble(), in.readLong());
            default -> throw new IOException("bucket " + bucket + " is corrupt (tag " + tag + ")");
        };
    }

    private static LocalDate date(long epochDay) {
        return epochDay == NO_DATE ? null : LocalDate.ofEpochDay(epochDay);
    }
}
