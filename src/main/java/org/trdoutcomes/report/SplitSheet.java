package org.trdoutcomes.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;

/**
 * A row-level table that continues on {@code Name (2)}, {@code Name (3)}, … when it outgrows a sheet (Excel holds
 * 1,048,576 rows a sheet, header included). Each part repeats the header, so every part is a table of its own.
 */
final class SplitSheet {

    private final StreamingWorkbook workbook;
    private final CellWriter cells;
    private final String baseName;
    private final String[] headers;
    private final int[] widths;
    private final int maxRowsPerSheet;
    private final List<String> parts = new ArrayList<>();
    private Sheet current;
    private int nextRow;

    /** Starts on {@code first}, a sheet already created in its place among the contract sheets. */
    SplitSheet(StreamingWorkbook workbook, Sheet first, CellWriter cells, String[] headers, int[] widths,
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

    /** The row a streamed table fills; null until the first {@link #nextStreamedRow}. */
    private StreamedRow streamed;

    /**
     * The next row as a {@link StreamedRow}, for a large table of text and numbers: the row before it is written
     * straight into the sheet's XML. A table takes its rows one way or the other, not both.
     */
    StreamedRow nextStreamedRow() {
        if (streamed == null) {
            streamed = new StreamedRow();
            flushHeader();
        } else if (nextRow >= maxRowsPerSheet) {
            streamed.addTo(current); // the part's last row: through POI, so that the sheet knows where it ends
            finishPart();
            startNextPart();
            flushHeader();
        } else {
            try {
                streamed.writeTo(workbook.writerOf(current));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        streamed.start(nextRow++);
        return streamed;
    }

    /** The header row goes through POI; it must be in the XML before the streamed rows. */
    private void flushHeader() {
        try {
            ((SXSSFSheet) current).flushRows();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Row nextRow() {
        if (nextRow >= maxRowsPerSheet) {
            finishPart();
            startNextPart();
        }
        return current.createRow(nextRow++);
    }

    /** The table continues on {@code Name (k)}. */
    private void startNextPart() {
        // sheets created now land after every contract sheet, which were all created up front
        start(workbook.createSheet(baseName + " (" + (parts.size() + 1) + ")"));
    }

    private void finishPart() {
        current.setAutoFilter(new CellRangeAddress(0, Math.max(0, nextRow - 1), 0, headers.length - 1));
    }

    /** Sets the auto-filter of the last part; returns the names of all parts, the first one included. */
    List<String> finish() {
        if (streamed != null && streamed.isStarted()) {
            streamed.addTo(current);
        }
        finishPart();
        return List.copyOf(parts);
    }

    boolean isEmpty() {
        return parts.size() == 1 && nextRow == 1;
    }
}
