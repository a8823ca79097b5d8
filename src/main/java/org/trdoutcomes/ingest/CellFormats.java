package org.trdoutcomes.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Hand-written checks of the cell formats of docs/data-contract.md. They run once per cell of millions of rows, so they
 * scan characters instead of using regular expressions or exceptions for the common (valid) case.
 */
public final class CellFormats {

    /** Returned by {@link #parseInt} when the text is not an integer (or does not fit an int). */
    static final long NOT_AN_INT = Long.MIN_VALUE;

    private CellFormats() {
    }

    /** True for null, empty and blank-only cells: docs/data-contract.md calls them "missing". */
    static boolean isMissing(String cell) {
        return cell == null || cell.isBlank();
    }

    /** An ISO date {@code yyyy-MM-dd} that exists in the calendar, or null. */
    static LocalDate parseDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null; // 2026-02-30, month 13: the form is right, the date does not exist
        }
    }

    /** The decimal number written by s[from, to), or -1 when a character there is not a digit. */
    public static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** An optionally signed decimal integer that fits an int, or {@link #NOT_AN_INT}. */
    static long parseInt(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == n || n - i > 10) {
            return NOT_AN_INT;
        }
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_AN_INT;
            }
            v = v * 10 + (c - '0');
        }
        v = negative ? -v : v;
        return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? NOT_AN_INT : v;
    }

    /**
     * A plain decimal ({@code [+-]digits[.digits]}, `.` as separator, at least one digit), finite, or NaN.
     * Exponents, {@code NaN}, {@code Infinity}, hex floats and decimal commas are refused: a clinic export
     * never needs them and Double.parseDouble alone would accept them (and turn {@code 1e309} into Infinity).
     */
    public static double parseDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            i = 1;
        }
        boolean digit = false;
        boolean point = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return Double.NaN;
            }
        }
        if (!digit) {
            return Double.NaN;
        }
        double v = Double.parseDouble(s);
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /** docs/data-contract.md booleans: true/false, yes/no, y/n, 1/0, any case. Returns null when not one of them. */
    static Boolean parseBoolean(String s) {
        switch (s.length()) {
            case 1 -> {
                char c = s.charAt(0);
                if (c == '1' || c == 'y' || c == 'Y') {
                    return Boolean.TRUE;
                }
                if (c == '0' || c == 'n' || c == 'N') {
                    return Boolean.FALSE;
                }
                return null;
            }
            case 2 -> {
                return s.equalsIgnoreCase("no") ? Boolean.FALSE : null;
            }
            case 3 -> {
                return s.equalsIgnoreCase("yes") ? Boolean.TRUE : null;
            }
            case 4 -> {
                return s.equalsIgnoreCase("true") ? Boolean.TRUE : null;
            }
            case 5 -> {
                return s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** docs/data-contract.md patient_id: 1–64 characters of {@code A–Z a–z 0–9 _ . -}. */
    static boolean isPatientIdToken(String s) {
        int n = s.length();
        if (n < 1 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * What kind of direct identifier a patient_id value looks like (docs/data-contract.md "Direct identifiers"),
     * or null when it looks like none.
     */
    public static String identifierKind(String s) {
        if (s.indexOf('@') >= 0) {
            return "an e-mail address";
        }
        if (isSsn(s)) {
            return "a US social security number";
        }
        int digitCount = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digitCount++;
            } else if (c != ' ' && c != '+' && c != '(' && c != ')' && c != '-' && c != '.') {
                return null;
            }
        }
        return digitCount >= 7 ? "a phone number" : null;
    }

    private static boolean isSsn(String s) {
        if (s.length() != 11 || s.charAt(3) != '-' || s.charAt(6) != '-') {
            return false;
        }
        return digits(s, 0, 3) >= 0 && digits(s, 4, 6) >= 0 && digits(s, 7, 11) >= 0;
    }

    /**
     * The shape of an identifier-looking value without the identifier: letters become {@code x}, digits
     * {@code 9}. The rejection list is published with the report, so the phone number or e-mail address itself
     * must not be copied into it; the shape and the line number are enough to find and fix the row.
     */
    public static String mask(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 100));
        for (int i = 0; i < s.length() && b.length() < 100; i++) {
            char c = s.charAt(i);
            b.append(Character.isDigit(c) ? '9' : Character.isLetter(c) ? 'x' : c);
        }
        return b.toString();
    }

    /** A value cut at 100 characters for a rejection (docs/data-contract.md), not splitting a surrogate pair. */
    public static String cut(String s) {
        return cut(s, 100);
    }

    /** A text cut at {@code max} characters, not splitting a surrogate pair. */
    public static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
    }

    /** Header normalisation of docs/data-contract.md: trimmed, case-insensitive, `-` and space read as `_`. */
    public static String normaliseColumn(String header) {
        String s = header.strip().toLowerCase(java.util.Locale.ROOT);
        return s.replace('-', '_').replace(' ', '_');
    }

    /** What a cell holds when its bytes were not UTF-8 (the decoder replaces them). */
    static final char REPLACEMENT = '\uFFFD';
    static final char NUL = '\u0000';

    /** A value fit to show in a warning or rejection: a NUL, which PostgreSQL cannot store, shown as U+2400 (␀). */
    static String withoutNul(String v) {
        return v.indexOf(NUL) < 0 ? v : v.replace(NUL, '\u2400');
    }
}
