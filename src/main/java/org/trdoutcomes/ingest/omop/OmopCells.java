package org.trdoutcomes.ingest.omop;

import java.time.DateTimeException;
import java.time.LocalDate;
import org.trdoutcomes.ingest.CellFormats;

/** Cell formats of omop.md §1: three date forms and 64-bit signed ids, checked without exceptions or regexes. */
final class OmopCells {

    /** Returned by {@link #parseLong} when the text is not a 64-bit integer. */
    static final long NOT_A_LONG = Long.MIN_VALUE;

    private OmopCells() {
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
