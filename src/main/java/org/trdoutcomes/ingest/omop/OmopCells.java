package org.trdoutcomes.ingest.omop;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.trdoutcomes.ingest.CellFormats;
import org.trdoutcomes.ingest.Rejection;
import org.trdoutcomes.ingest.RejectionReason;

/**
 * The cells of one CDM row, file or database alike, read as the types of omop.md §1: three date forms, 64-bit
 * signed ids and decimals, checked without exceptions or regexes. A cell that cannot be read as its type adds a
 * {@link Rejection} naming the table's source, the line, the column and the value. One instance per read, reused
 * from row to row (the problems are the current row's).
 */
final class OmopCells {

    /** Returned by {@link #parseLong} when the text is not a 64-bit integer. */
    static final long NOT_A_LONG = Long.MIN_VALUE;
    /** Returned for an absent optional id, and spilled for it: no CDM id is Long.MIN_VALUE. */
    static final long NONE = Long.MIN_VALUE;

    private final List<Rejection> problems = new ArrayList<>();
    private CdmTable table;
    private String source;
    private CdmRecord record;
    private long line;

    /** Starts on the next row of {@code table}, read from {@code source} (a file name or {@code schema.table}). */
    void start(CdmTable table, String source, CdmRecord record) {
        this.table = table;
        this.source = source;
        this.record = record;
        this.line = record.line();
        problems.clear();
    }

    long line() {
        return line;
    }

    String source() {
        return source;
    }

    /** The cell of a used column as text: null when empty or absent. */
    String text(int slot) {
        return record.get(slot);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The current row's problems (the list is reused for the next row). */
    List<Rejection> problems() {
        return problems;
    }

    /** The row as a whole cannot be read: too few or too many fields. */
    void malformed(String message) {
        problems.add(new Rejection(source, line, null, null, RejectionReason.MALFORMED_RECORD, message));
    }

    void reject(int slot, String value, RejectionReason reason, String message) {
        problems.add(new Rejection(source, line, column(slot), CellFormats.cut(value), reason, message));
    }

    /** An id, or {@link #NONE} when the cell is empty (rejected when {@code required}) or not a whole number. */
    long id(int slot, boolean required) {
        String v = record.get(slot);
        if (v == null) {
            if (required) {
                reject(slot, null, RejectionReason.MISSING_VALUE, column(slot) + " is missing; every "
                        + table.tableName() + " row needs one.");
            }
            return NONE;
        }
        long id = parseLong(v);
        if (id == NOT_A_LONG) {
            reject(slot, v, RejectionReason.BAD_NUMBER, column(slot) + " '" + CellFormats.cut(v)
                    + "' is not a whole number; expected a 64-bit integer, e.g. 1234 or -42.");
            return NONE;
        }
        return id;
    }

    /** A concept id; an empty cell reads as 0, the CDM's "no matching concept". */
    long concept(int slot) {
        long id = id(slot, false);
        return id == NONE ? 0 : id;
    }

    /** A date, or null when the cell is empty (rejected when {@code required}) or not a date. */
    LocalDate date(int slot, boolean required) {
        String v = record.get(slot);
        if (v == null) {
            if (required) {
                reject(slot, null, RejectionReason.MISSING_VALUE, column(slot) + " is missing; expected a date as"
                        + " YYYY-MM-DD or YYYYMMDD.");
            }
            return null;
        }
        LocalDate d = parseDate(v);
        if (d == null) {
            reject(slot, v, RejectionReason.BAD_DATE, column(slot) + " '" + CellFormats.cut(v) + "' is not a valid date;"
                    + " expected YYYY-MM-DD, YYYYMMDD or a datetime starting with YYYY-MM-DD.");
        }
        return d;
    }

    /** A decimal, or NaN when the cell is empty or not a number (then rejected). */
    double decimal(int slot) {
        String v = record.get(slot);
        if (v == null) {
            return Double.NaN;
        }
        double d = CellFormats.parseDecimal(v);
        if (Double.isNaN(d)) {
            reject(slot, v, RejectionReason.BAD_NUMBER, column(slot) + " '" + CellFormats.cut(v) + "' is not a number;"
                    + " expected digits with '.' as decimal point, e.g. 12.5.");
        }
        return d;
    }

    private String column(int slot) {
        return table.columns().get(slot);
    }

    /**
     * {@code YYYY-MM-DD}, {@code YYYYMMDD}, or a datetime whose first 10 characters are {@code YYYY-MM-DD}
     * ({@code 2024-03-01 08:30:00}, {@code 2024-03-01T08:30:00Z}); null when none of these or not a calendar date.
     */
    static LocalDate parseDate(String s) {
        int n = s.length();
        if (n == 8) {
            return date(CellFormats.digits(s, 0, 4), CellFormats.digits(s, 4, 6), CellFormats.digits(s, 6, 8));
        }
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        if (n > 10 && s.charAt(10) != ' ' && s.charAt(10) != 'T') {
            return null; // 2024-03-011: not a date followed by a time
        }
        return date(CellFormats.digits(s, 0, 4), CellFormats.digits(s, 5, 7), CellFormats.digits(s, 8, 10));
    }

    private static LocalDate date(int year, int month, int day) {
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null; // 2024-02-30: the form is right, the date does not exist
        }
    }

    /**
     * An optionally signed decimal integer that fits a long (CDM ids are 64-bit and may be negative), or
     * {@link #NOT_A_LONG}; Long.MIN_VALUE itself is refused, which no CDM uses.
     */
    static long parseLong(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == n || n - i > 19) {
            return NOT_A_LONG;
        }
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_A_LONG;
            }
            int d = c - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                return NOT_A_LONG;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }
}
