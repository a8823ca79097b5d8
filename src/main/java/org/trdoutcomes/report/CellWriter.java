package org.trdoutcomes.report;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.OptionalDouble;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.trdoutcomes.rules.SmallCellSuppression;
import org.trdoutcomes.rules.WilsonInterval;

/**
 * Writes typed cells with the workbook's few styles (each created once: a workbook holds at most 64,000) and
 * applies small-cell suppression to counts and rates. Input text only ever goes through
 * {@link Cell#setCellValue(String)}, so it is never a formula.
 */
final class CellWriter {

    /** Excel's limit for the text of one cell; longer input text is cut rather than failing the report. */
    static final int MAX_TEXT = 32_767;

    private final SmallCellSuppression suppression;
    /**
     * The workbook's default style (index 0), set explicitly on otherwise unstyled cells: the file is the same (index
     * 0 is never written), but SXSSF then skips looking up the column's default style in the sheet's XML for every
     * cell it flushes, which was a third of the time of writing the Patients sheet.
     */
    private final CellStyle plain;
    final CellStyle header;
    private final CellStyle integer;
    private final CellStyle percent;
    private final CellStyle decimal1;
    private final CellStyle decimal2;
    private final CellStyle date;
    private final CellStyle dateTime;
    private final CellStyle suppressed;
    private final CellStyle riskyText;

    CellWriter(Workbook workbook, SmallCellSuppression suppression) {
        this.suppression = suppression;
        plain = workbook.getCellStyleAt(0);
        var format = workbook.getCreationHelper().createDataFormat();
        Font bold = workbook.createFont();
        bold.setBold(true);
        header = workbook.createCellStyle();
        header.setFont(bold);
        integer = withFormat(workbook, format.getFormat("0"));
        percent = withFormat(workbook, format.getFormat("0.0%"));
        decimal1 = withFormat(workbook, format.getFormat("0.0"));
        decimal2 = withFormat(workbook, format.getFormat("0.00"));
        date = withFormat(workbook, format.getFormat("yyyy-mm-dd"));
        dateTime = withFormat(workbook, format.getFormat("yyyy-mm-dd hh:mm:ss"));
        // "<5" sits where a number would, so it lines up with the numbers of its column
        suppressed = workbook.createCellStyle();
        suppressed.setAlignment(HorizontalAlignment.RIGHT);
        // Text that looks like a formula stays text even when a user edits the cell (Excel's leading apostrophe)
        riskyText = workbook.createCellStyle();
        riskyText.setQuotePrefixed(true);
    }

    private static CellStyle withFormat(Workbook workbook, short format) {
        CellStyle style = workbook.createCellStyle();
        style.setDataFormat(format);
        return style;
    }

    SmallCellSuppression suppression() {
        return suppression;
    }

    void header(Row row, String... titles) {
        for (int c = 0; c < titles.length; c++) {
            Cell cell = row.createCell(c);
            cell.setCellValue(titles[c]);
            cell.setCellStyle(header);
        }
    }

    /** Text, from the model or from input data. Null leaves the cell empty. */
    void text(Row row, int column, String text) {
        if (text == null) {
            return;
        }
        String value = shown(text);
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(textStyle(value));
    }

    /** {@link #text(Row, int, String)} in a streamed row. */
    void text(StreamedRow row, int column, String text) {
        if (text != null) {
            String value = shown(text);
            row.text(column, value, textStyle(value));
        }
    }

    /** Text as a cell holds it: cut to Excel's limit. */
    private static String shown(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 1) + "…" : text;
    }

    private CellStyle textStyle(String value) {
        return looksLikeFormula(value) ? riskyText : plain;
    }

    /** The characters with which spreadsheet programs start a formula (CSV/formula injection, OWASP). */
    static boolean looksLikeFormula(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    /** An integer that is not a count of people (row numbers, steps, scores): never suppressed. */
    void integer(Row row, int column, long value) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(integer);
    }

    void integer(Row row, int column, Integer value) {
        if (value != null) {
            integer(row, column, value.longValue());
        }
    }

    /** {@link #integer(Row, int, long)} in a streamed row. */
    void integer(StreamedRow row, int column, long value) {
        row.number(column, value, integer);
    }

    void integer(StreamedRow row, int column, Integer value) {
        if (value != null) {
            integer(row, column, value.longValue());
        }
    }

    /** A count of patients or trials: written as {@code <5} when small. */
    void count(Row row, int column, long value) {
        if (suppression.isSuppressed(value)) {
            Cell cell = row.createCell(column);
            cell.setCellValue(suppression.label());
            cell.setCellStyle(suppressed);
        } else {
            integer(row, column, value);
        }
    }

    void fraction(Row row, int column, OptionalDouble value) {
        if (value.isPresent()) {
            fraction(row, column, value.getAsDouble());
        }
    }

    void fraction(Row row, int column, double value) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(percent);
    }

    /** A rate with suppression; the cell stays empty when hidden or without denominator. */
    void rate(Row row, int column, long numerator, long denominator) {
        fraction(row, column, suppression.rate(numerator, denominator));
    }

    /** A rate followed by its Wilson interval in the next two columns. */
    void rateWithInterval(Row row, int column, long numerator, long denominator) {
        rate(row, column, numerator, denominator);
        Optional<WilsonInterval> ci = suppression.interval(numerator, denominator);
        ci.ifPresent(i -> {
            fraction(row, column + 1, i.low());
            fraction(row, column + 2, i.high());
        });
    }

    void decimal1(Row row, int column, double value) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(decimal1);
    }

    /** {@link #decimal1(Row, int, double)} in a streamed row. */
    void decimal1(StreamedRow row, int column, double value) {
        row.number(column, value, decimal1);
    }

    void decimal2(Row row, int column, OptionalDouble value) {
        if (value.isPresent()) {
            Cell cell = row.createCell(column);
            cell.setCellValue(value.getAsDouble());
            cell.setCellStyle(decimal2);
        }
    }

    void date(Row row, int column, LocalDate value) {
        if (value != null) {
            Cell cell = row.createCell(column);
            cell.setCellValue(value);
            cell.setCellStyle(date);
        }
    }

    void dateTime(Row row, int column, LocalDateTime value) {
        if (value != null) {
            Cell cell = row.createCell(column);
            cell.setCellValue(value);
            cell.setCellStyle(dateTime);
        }
    }

    /** A value of unknown type (Definitions sheet): numbers as numbers, dates as dates, the rest as text. */
    void value(Row row, int column, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            integer(row, column, ((Number) value).longValue());
        } else if (value instanceof Number n) {
            Cell cell = row.createCell(column);
            cell.setCellValue(n.doubleValue());
            cell.setCellStyle(plain);
        } else if (value instanceof Boolean b) {
            Cell cell = row.createCell(column);
            cell.setCellValue(b);
            cell.setCellStyle(plain);
        } else if (value instanceof LocalDate d) {
            date(row, column, d);
        } else if (value instanceof LocalDateTime t) {
            dateTime(row, column, t);
        } else {
            text(row, column, value.toString());
        }
    }
}
