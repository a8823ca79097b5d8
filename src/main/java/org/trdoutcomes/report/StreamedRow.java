package org.trdoutcomes.report;

import java.io.IOException;
import java.util.Arrays;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

/**
 * A row of a large streamed table (the Patients sheet: 17 cells × hundreds of thousands of rows) whose cells are
 * written straight into the sheet's XML, without a POI row and cell objects per cell, their sorted maps and their
 * per-cell type look-ups (two thirds of the time of writing that sheet, docs/benchmarks.md). Only text and numbers,
 * in column order; the XML is what POI writes for the same cells ({@code StreamingWorkbook.FastSheetDataWriter},
 * compared in SplitSheetTest).
 *
 * <p>One object serves every row of a table: {@link SplitSheet} starts it on a row, the cells are added, and it is
 * written out when the next row starts. The last row of a sheet goes through POI instead ({@link #addTo}), so that
 * the sheet knows its last row for the dimension it writes.
 */
final class StreamedRow {

    private static final byte TEXT = 1, NUMBER = 2;

    private int rownum = -1;
    private int cells;
    private int[] columns = new int[24];
    private byte[] kinds = new byte[24];
    private String[] texts = new String[24];
    private double[] numbers = new double[24];
    private CellStyle[] styles = new CellStyle[24];

    /** Starts row {@code rownum} (0-based), empty. */
    void start(int rownum) {
        this.rownum = rownum;
        Arrays.fill(texts, 0, cells, null);
        cells = 0;
    }

    boolean isStarted() {
        return rownum >= 0;
    }

    int rownum() {
        return rownum;
    }

    void text(int column, String value, CellStyle style) {
        add(column, TEXT, value, 0, style);
    }

    void number(int column, double value, CellStyle style) {
        add(column, NUMBER, null, value, style);
    }

    private void add(int column, byte kind, String text, double number, CellStyle style) {
        if (cells > 0 && column <= columns[cells - 1]) {
            throw new IllegalArgumentException("cells of a streamed row go in column order: " + column + " after "
                    + columns[cells - 1]);
        }
        if (cells == columns.length) {
            int size = cells * 2;
            columns = Arrays.copyOf(columns, size);
            kinds = Arrays.copyOf(kinds, size);
            texts = Arrays.copyOf(texts, size);
            numbers = Arrays.copyOf(numbers, size);
            styles = Arrays.copyOf(styles, size);
        }
        columns[cells] = column;
        kinds[cells] = kind;
        texts[cells] = text;
        numbers[cells] = number;
        styles[cells] = style;
        cells++;
    }

    /** Writes the row straight into the sheet's XML. */
    void writeTo(StreamingWorkbook.FastSheetDataWriter writer) throws IOException {
        writer.beginStreamedRow(rownum);
        for (int i = 0; i < cells; i++) {
            int style = styles[i].getIndex() & 0xffff;
            if (kinds[i] == TEXT) {
                writer.textCell(columns[i], texts[i], style);
            } else {
                writer.numberCell(columns[i], numbers[i], style);
            }
        }
        writer.endRow(cells == 0 ? -1 : columns[cells - 1] + 1);
    }

    /** Adds the row to the sheet as POI cells. */
    void addTo(Sheet sheet) {
        Row row = sheet.createRow(rownum);
        for (int i = 0; i < cells; i++) {
            Cell cell = row.createCell(columns[i]);
            if (kinds[i] == TEXT) {
                cell.setCellValue(texts[i]);
            } else {
                cell.setCellValue(numbers[i]);
            }
            cell.setCellStyle(styles[i]);
        }
    }
}
