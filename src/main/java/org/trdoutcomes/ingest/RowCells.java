package org.trdoutcomes.ingest;

import static org.trdoutcomes.ingest.CellFormats.NOT_AN_INT;
import static org.trdoutcomes.ingest.CellFormats.NUL;
import static org.trdoutcomes.ingest.CellFormats.REPLACEMENT;
import static org.trdoutcomes.ingest.CellFormats.withoutNul;
import static org.trdoutcomes.ingest.CellFormats.cut;
import static org.trdoutcomes.ingest.ExtractColumns.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/**
 * The cells of one record of an extract file, read by contract column ("slot") and parsed as their type: a cell that
 * cannot be read as its type, or is out of range, adds a {@link Rejection} naming file, line, column and value, and
 * reads as null. Shared by {@link TrialRowRules} and {@link PatientRowRules}; one instance per file, reused from
 * record to record (the problems list is the current record's).
 */
final class RowCells {

    private final String fileName;
    private final List<String> columns;
    private final ExtractHeader header;
    private final LocalDate asOf;
    /** Problems of the current row, reused from row to row. */
    private final List<Rejection> problems = new ArrayList<>();
    private CSVRecord record;
    private long recordLine;
    /** Bit per slot: the cell held bytes that are not UTF-8, so it has been rejected and is not checked further. */
    private long badSlots;

    RowCells(String fileName, ExtractHeader header, LocalDate asOf) {
        this.fileName = fileName;
        this.columns = header.columns();
        this.header = header;
        this.asOf = asOf;
    }

    /** Starts on the next record: its encoding is checked first, every badly encoded cell rejected. */
    void start(CSVRecord record, long line) {
        this.record = record;
        this.recordLine = line;
        problems.clear();
        badSlots = 0;
        checkEncoding();
    }

    long line() {
        return recordLine;
    }

    String column(int slot) {
        return columns.get(slot);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The current record's problems (the list is reused for the next record). */
    List<Rejection> problems() {
        return problems;
    }

    /**
     * Every cell with a replacement character held bytes that are not UTF-8: BAD_ENCODING, whatever the column.
     * So does a cell with a NUL character: valid UTF-8 but not text (a binary or UTF-16 file), and PostgreSQL
     * refuses to store it, so it must not reach staging; the value shown has it as U+2400 (␀).
     */
    private void checkEncoding() {
        for (int i = 0; i < header.size(); i++) {
            String v = record.get(i);
            boolean nul = v.indexOf(NUL) >= 0;
            if (nul || v.indexOf(REPLACEMENT) >= 0) {
                int slot = header.slotOfField(i);
                String column = slot >= 0 ? column(slot) : header.name(i);
                problems.add(new Rejection(fileName, recordLine, column, cut(withoutNul(v)), RejectionReason.BAD_ENCODING,
                        column + (nul ? " holds a NUL character, which is not text (shown as \u2400); export the file as"
                                + " UTF-8 text." : " holds bytes that are not valid UTF-8 text (shown as \uFFFD); export"
                                + " the file as UTF-8.")));
                if (slot >= 0) {
                    badSlots |= 1L << slot;
                }
            }
        }
    }

    /** The cell of a contract column, surrounding blanks removed; null when missing, absent or badly encoded. */
    String value(int slot) {
        int field = header.fieldOfSlot(slot);
        if (field < 0 || (badSlots & (1L << slot)) != 0) {
            return null;
        }
        String v = record.get(field);
        return CellFormats.isMissing(v) ? null : v.strip();
    }

    boolean isBad(int slot) {
        return (badSlots & (1L << slot)) != 0;
    }

    /** Given in the file, even if badly encoded (a score that is there but unreadable still needs a scale). */
    boolean isGiven(String value, int slot) {
        return value != null || isBad(slot);
    }

    void reject(int slot, String value, RejectionReason reason, String message) {
        problems.add(new Rejection(fileName, recordLine, column(slot), cut(value), reason, message));
    }

    void missing(int slot, String what) {
        if (!isBad(slot)) {
            reject(slot, null, RejectionReason.MISSING_VALUE, column(slot) + " is missing; " + what);
        }
    }

    String patientId(int slot) {
        String id = value(slot);
        if (id == null) {
            missing(slot, "every row needs the patient's pseudonymous id.");
            return null;
        }
        String identifier = CellFormats.identifierKind(id);
        if (identifier != null) {
            reject(slot, CellFormats.mask(id), RejectionReason.IDENTIFIER_IN_ID, "patient_id looks like " + identifier
                    + " (value masked here); the extract must use pseudonymous tokens, never direct identifiers.");
        } else if (!CellFormats.isPatientIdToken(id)) {
            reject(slot, id, RejectionReason.BAD_PATIENT_ID, "patient_id must be 1 to 64 characters of letters A-Z a-z,"
                    + " digits, '_', '.' or '-'.");
        }
        return id;
    }

    /** A date not after the as-of date, or null (missing or rejected). */
    LocalDate date(int slot) {
        String v = value(slot);
        if (v == null) {
            return null;
        }
        LocalDate d = CellFormats.parseDate(v);
        if (d == null) {
            reject(slot, v, RejectionReason.BAD_DATE, column(slot) + " '" + cut(v)
                    + "' is not a valid date; expected yyyy-MM-dd, e.g. 2024-03-01.");
            return null;
        }
        if (d.isAfter(asOf)) {
            reject(slot, v, RejectionReason.FUTURE_DATE, column(slot) + " " + v
                    + " is after the as-of date " + asOf + " of this run.");
            return null;
        }
        return d;
    }

    /** A whole number ≥ 1, or null (missing or rejected). */
    Integer positiveInt(int slot, String what) {
        String v = value(slot);
        if (v == null) {
            return null;
        }
        long n = CellFormats.parseInt(v);
        if (n == NOT_AN_INT) {
            reject(slot, v, RejectionReason.BAD_NUMBER, column(slot) + " '" + cut(v)
                    + "' is not a whole number; expected " + what + ", e.g. 1.");
            return null;
        }
        if (n < 1) {
            reject(slot, v, RejectionReason.OUT_OF_RANGE, column(slot) + " " + cut(v) + " is out of range; expected "
                    + what + " of at least 1.");
            return null;
        }
        return (int) n;
    }

    /** A decimal number, or NaN (missing or rejected as BAD_NUMBER). */
    double decimal(String v, int slot, String expected) {
        if (v == null) {
            return Double.NaN;
        }
        double d = CellFormats.parseDecimal(v);
        if (Double.isNaN(d)) {
            reject(slot, v, RejectionReason.BAD_NUMBER, column(slot) + " '" + cut(v) + "' is not a number; expected "
                    + expected + " written with digits and '.' as decimal point, e.g. 12.5.");
        }
        return d;
    }

    Boolean bool(int slot) {
        String v = value(slot);
        if (v == null) {
            return Boolean.FALSE;
        }
        Boolean b = CellFormats.parseBoolean(v);
        if (b == null) {
            reject(slot, v, RejectionReason.UNKNOWN_VALUE, column(slot) + " '" + cut(v)
                    + "' is not a yes/no value; expected true/false, yes/no, y/n or 1/0, or an empty cell for no.");
            return Boolean.FALSE;
        }
        return b;
    }

    /**
     * Free text kept as given (age band, diagnosis), up to {@value ExtractColumns#MAX_KEPT_TEXT} characters: longer is not a
     * band or a code but a broken export, and it would not fit the staging column, so the row is rejected.
     */
    String keptText(int slot, String what) {
        String v = value(slot);
        if (v != null && v.length() > MAX_KEPT_TEXT) {
            reject(slot, v, RejectionReason.OUT_OF_RANGE, column(slot) + " is " + v.length()
                    + " characters long; " + what + " may have at most " + MAX_KEPT_TEXT + ".");
            return null;
        }
        return v;
    }
}
