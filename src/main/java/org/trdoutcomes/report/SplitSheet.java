package org.trdoutcomes.report;

import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A row-level table that continues on {@code Name (2)}, {@code Name (3)}, … when it outgrows a sheet (Excel holds
 * 1,048,576 rows a sheet, header included). Each part repeats the header, so every part is a table of its own.
 */
final class SplitSheet {

    private final SXSSFWorkbook workbook;
    private final CellWriter cells;
    private final String baseName;
    private final String[] headers;
    private final int[] widths;
    private final int maxRowsPerSheet;
    private final List<String> parts = new ArrayList<>();
    private Sheet current;
    private int nextRow;

    /** Starts on {@code first}, a sheet already created in its place among the contract sheets. */
    SplitSheet(SXSSFWorkbook workbook, Sheet first, CellWriter cells, String[] headers, int[] widths,
               int maxRowsPerSheet) {
        this.workbook = workbook;
        this.cells = cells;
        this.baseName = first.getSheetName();
        this.headers = headers;
        this.widths = widths;
        this.maxRowsPerSheet = maxRowsPerSheet;
        start(first);
    }

    private void start(Sheet sheet) {
        current = sheet;
        parts.add(sheet.getSheetName());
        ReportWriter.table(sheet, cells, headers, widths);
        nextRow = 1;
    }

    Row nextRow() {
        if (nextRow >= maxRowsPerSheet) {
            finishPart();
            // sheets created now land after every contract sheet, which were all created up front
            start(workbook.createSheet(baseName + " (" + (parts.size() + 1) + ")"));
        }
        return current.createRow(nextRow++);
    }

    private void finishPart() {
        current.setAutoFilter(new CellRangeAddress(0, Math.max(0, nextRow - 1), 0, headers.length - 1));
    }

    /** Sets the auto-filter of the last part; returns the names of all parts, the first one included. */
    List<String> finish() {
        finishPart();
        return List.copyOf(parts);
    }

    boolean isEmpty() {
        return parts.size() == 1 && nextRow == 1;
    }
}
