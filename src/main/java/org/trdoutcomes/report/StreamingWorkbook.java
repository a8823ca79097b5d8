package org.trdoutcomes.report;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFRow;
import javax.xml.namespace.QName;
import org.apache.xmlbeans.XmlCursor;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTStylesheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/**
 * POI's streaming workbook with the two costs of a large Patients sheet cut down (profiled on 378,000 patients in
 * docs/benchmarks.md): the rows' XML goes to the temporary file through an unsynchronised UTF-8 writer (POI's
 * {@code BufferedWriter} over an {@code OutputStreamWriter} takes two locks on every one of the dozens of small writes
 * per cell), and the workbook is zipped at deflate's fastest level (the default level spent twice as long for a file
 * a fifth smaller). The file is an ordinary .xlsx either way.
 *
 * <p>It also declares the {@code Normal} cell style, which POI leaves out of styles.xml: without it openpyxl (and so
 * pandas) warns "Workbook contains no default style" on every report.
 */
final class StreamingWorkbook extends SXSSFWorkbook {

    /**
     * Rows from which the temporary files are compressed: the XML of a row of the Patients sheet is about 700 bytes,
     * so 7.5 million patients (a 20-million-row extract) would need 5 GB of temporary files uncompressed, three times
     * the extract. Below it they stay plain: deflating them and inflating them again to zip the workbook was a deflate
     * pass too many (a quarter of the report step at 378,000 patients).
     */
    static final long COMPRESS_TEMP_FILES_FROM_ROWS = 1_000_000;

    private final boolean compressTempFiles;

    /** @param rows about how many rows the largest sheet will have */
    StreamingWorkbook(int rowAccessWindowSize, long rows) {
        // no template, inline strings (no shared-strings table to hold in memory)
        super(null, rowAccessWindowSize, false, false);
        this.compressTempFiles = rows >= COMPRESS_TEMP_FILES_FROM_ROWS;
    }

    /** Told how much of the sheets' XML has been zipped while {@link #write} runs (see {@link #reportZipTo}). */
    private ReportProgress zipProgress = ReportProgress.NONE;
    private long xmlBytesToZip;
    private long xmlBytesZipped;
    private long xmlBytesZippedReported;

    /**
     * The next {@link #write} reports to {@code progress} as it zips the sheets' XML: POI reads each sheet's
     * temporary file back and deflates it into the workbook after the last row, which for the 20-million-row extract
     * takes half a minute.
     */
    void reportZipTo(ReportProgress progress) {
        this.zipProgress = progress;
    }

    @Override
    public void write(OutputStream stream) throws IOException {
        declareNormalStyle(getXSSFWorkbook().getStylesSource().getCTStylesheet());
        xmlBytesToZip = -1;
        xmlBytesZipped = 0;
        xmlBytesZippedReported = 0;
        super.write(stream);
        reportZipped();
    }

    /** A sheet's XML read back for the zip: counted, and reported every {@value #ZIP_REPORT_BYTES} bytes. */
    private void zipped(long bytes) {
        if (xmlBytesToZip < 0) {
            // the first read back: POI has flushed every sheet's last rows by now, so the total is known
            xmlBytesToZip = 0;
            for (FastSheetDataWriter writer : writers.values()) {
                xmlBytesToZip += writer.xmlBytes();
            }
        }
        xmlBytesZipped += bytes;
        if (xmlBytesZipped - xmlBytesZippedReported >= ZIP_REPORT_BYTES) {
            reportZipped();
        }
    }

    private void reportZipped() {
        xmlBytesZippedReported = xmlBytesZipped;
        zipProgress.workbookZipped(xmlBytesZipped, Math.max(xmlBytesToZip, xmlBytesZipped));
    }

    static final long ZIP_REPORT_BYTES = 1 << 20;

    static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /**
     * {@code <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>}: the built-in
     * style every cell format derives from (ECMA-376 §18.8.7), tied to the first cell-style format, which POI writes.
     * Written through a cursor because poi-ooxml-lite has no class for it; POI's own elements, written after this,
     * are put in the schema's order around it.
     */
    static void declareNormalStyle(CTStylesheet stylesheet) {
        try (XmlCursor cursor = stylesheet.newCursor()) {
            if (cursor.toChild(new QName(MAIN, "cellStyles"))) {
                return;
            }
            cursor.toEndToken();
            cursor.beginElement(new QName(MAIN, "cellStyles"));
            cursor.insertAttributeWithValue("count", "1");
            cursor.beginElement(new QName(MAIN, "cellStyle"));
            cursor.insertAttributeWithValue("name", "Normal");
            cursor.insertAttributeWithValue("xfId", "0");
            cursor.insertAttributeWithValue("builtinId", "0");
        }
    }

    /** The writer of each sheet's rows, for rows written straight to it ({@link StreamedRow}). */
    private final Map<Sheet, FastSheetDataWriter> writers = new IdentityHashMap<>();
    /** The writer the sheet being created made: SXSSFSheet's constructor asks for it before the sheet exists. */
    private FastSheetDataWriter createdWriter;

    @Override
    protected SheetDataWriter createSheetDataWriter() throws IOException {
        createdWriter = compressTempFiles ? new CompressedSheetDataWriter() : new FastSheetDataWriter();
        createdWriter.readBack = this::zipped;
        return createdWriter;
    }

    @Override
    public SXSSFSheet createSheet(String sheetname) {
        SXSSFSheet sheet = super.createSheet(sheetname);
        writers.put(sheet, createdWriter);
        return sheet;
    }

    /** The writer of a sheet of this workbook. */
    FastSheetDataWriter writerOf(Sheet sheet) {
        FastSheetDataWriter writer = writers.get(sheet);
        if (writer == null) {
            throw new IllegalArgumentException("not a sheet created by name in this workbook: " + sheet.getSheetName());
        }
        return writer;
    }

    @Override
    protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream out) {
        ZipArchiveOutputStream zip = super.createArchiveOutputStream(out);
        zip.setLevel(Deflater.BEST_SPEED);
        return zip;
    }

    /**
     * POI's sheet writer with a faster path for the rows this report writes (text and numbers, no row formatting):
     * the same XML, byte for byte (StreamingWorkbookTest compares it with POI's), without a {@code CellReference}
     * and a dozen small writes per cell. Rows with anything else go through POI's own code.
     */
    static class FastSheetDataWriter extends SheetDataWriter {

        /** Column letters, A to BL: the widest table has a few dozen columns. */
        private static final String[] COLUMNS = new String[64];

        static {
            for (int c = 0; c < COLUMNS.length; c++) {
                COLUMNS[c] = org.apache.poi.ss.util.CellReference.convertNumToColString(c);
            }
        }

        private int flushedRows;
        private int lowestFlushedRow;
        private int lastFlushedRow;
        private int cellsOfLastFlushedRow;

        FastSheetDataWriter() throws IOException {
            super(); // creates the temporary file through createWriter: nothing there may read a field of this class
            lastFlushedRow = -1; // as POI's: no row flushed yet
        }

        /** Set in createWriter, which POI's constructor calls: no initialiser here, or it would be reset after it. */
        private Utf8FileWriter xml;
        /** Told the bytes of XML read back for the zip (the workbook's count). */
        private LongConsumer readBack;

        @Override
        public Writer createWriter(File fd) throws IOException {
            xml = new Utf8FileWriter(decorateOutputStream(new FileOutputStream(fd)));
            return xml;
        }

        /** The bytes of XML written to this sheet so far (before the temporary file's deflate, if any). */
        long xmlBytes() {
            return xml == null ? 0 : xml.bytesWritten();
        }

        @Override
        public InputStream getWorksheetXMLInputStream() throws IOException {
            InputStream xmlBack = super.getWorksheetXMLInputStream();
            LongConsumer counter = readBack;
            if (counter == null) {
                return xmlBack;
            }
            return new FilterInputStream(xmlBack) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        counter.accept(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        counter.accept(n);
                    }
                    return n;
                }
            };
        }

        @Override
        public void writeRow(int rownum, SXSSFRow row) throws IOException {
            countRow(rownum);
            cellsOfLastFlushedRow = row.getLastCellNum();
            if (row.hasCustomHeight() || row.getZeroHeight() || row.isFormatted() || row.getOutlineLevel() != 0
                    || row.getHidden() != null || row.getCollapsed() != null || row.getLastCellNum() > COLUMNS.length
                    || !onlyTextAndNumbers(row)) {
                super.writeRow(rownum, row);
                return;
            }
            beginRow(rownum);
            Iterator<Cell> cells = row.allCellsIterator();
            int column = 0;
            while (cells.hasNext()) {
                Cell cell = cells.next();
                if (cell != null) {
                    writeFastCell(column, cell);
                }
                column++;
            }
            _out.write("</row>\n");
        }

        /**
         * Starts a row written straight to the XML, without POI's row and cell objects ({@link StreamedRow}): the
         * same XML as {@link #writeRow} writes for the same cells. Its cells follow in column order, then
         * {@link #endRow}.
         */
        void beginStreamedRow(int rownum) throws IOException {
            if (rownum <= lastFlushedRow) {
                throw new IllegalArgumentException("row " + rownum + " is not after the rows already written");
            }
            countRow(rownum);
            beginRow(rownum);
        }

        /** Ends a streamed row; {@code lastCellNum} as POI's {@code Row.getLastCellNum()}: last column + 1. */
        void endRow(int lastCellNum) throws IOException {
            cellsOfLastFlushedRow = lastCellNum;
            _out.write("</row>\n");
        }

        /** What POI's writer keeps of the rows written: the lowest and the last row, and how many. */
        private void countRow(int rownum) {
            if (flushedRows == 0) {
                lowestFlushedRow = rownum;
            }
            lastFlushedRow = Math.max(rownum, lastFlushedRow);
            flushedRows++;
        }

        private String rowReference;

        private void beginRow(int rownum) throws IOException {
            rowReference = Integer.toString(rownum + 1);
            _out.write("<row r=\"");
            _out.write(rowReference);
            _out.write("\">\n");
        }

        /** Formulas, booleans, errors: none in this report's tables, but POI knows how to write them. */
        private static boolean onlyTextAndNumbers(SXSSFRow row) {
            for (Cell cell : row) {
                CellType type = cell.getCellType();
                if (type != CellType.STRING && type != CellType.NUMERIC && type != CellType.BLANK) {
                    return false;
                }
            }
            return true;
        }

        private void writeFastCell(int column, Cell cell) throws IOException {
            CellType type = cell.getCellType();
            int style = cell.getCellStyle().getIndex() & 0xffff;
            if (type == CellType.STRING) {
                textCell(column, cell.getStringCellValue(), style);
            } else if (type == CellType.NUMERIC) {
                numberCell(column, cell.getNumericCellValue(), style);
            } else {
                startCell(column, style);
                _out.write("></c>");
            }
        }

        /** A text cell of the current row, inline (no shared-strings table). */
        void textCell(int column, String value, int style) throws IOException {
            startCell(column, style);
            _out.write(" t=\"inlineStr\"><is><t");
            if (!value.isEmpty() && (Character.isWhitespace(value.charAt(0))
                    || Character.isWhitespace(value.charAt(value.length() - 1)))) {
                _out.write(" xml:space=\"preserve\"");
            }
            _out.write('>');
            escape(value);
            _out.write("</t></is></c>");
        }

        /** A number cell of the current row. */
        void numberCell(int column, double value, int style) throws IOException {
            startCell(column, style);
            _out.write(" t=\"n\"><v>");
            _out.write(Double.toString(value));
            _out.write("</v></c>");
        }

        private void startCell(int column, int style) throws IOException {
            _out.write("<c r=\"");
            _out.write(COLUMNS[column]);
            _out.write(rowReference);
            _out.write('"');
            if (style != 0) {
                _out.write(" s=\"");
                _out.write(Integer.toString(style));
                _out.write('"');
            }
        }

        /**
         * POI's {@code outputEscapedString}, character by character instead of through a stream of code points (a
         * fifth of the time of writing the Patients sheet): the same entities, '?' for control characters and
         * U+FFFE/U+FFFF, surrogates passed on as they are (the writer replaces a lone one).
         */
        private void escape(String value) throws IOException {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '<' -> _out.write("&lt;");
                    case '>' -> _out.write("&gt;");
                    case '&' -> _out.write("&amp;");
                    case '"' -> _out.write("&quot;");
                    case '\n' -> _out.write("&#xa;");
                    case '\r' -> _out.write("&#xd;");
                    case '\t' -> _out.write("&#x9;");
                    case '\u00a0' -> _out.write("&#xa0;");
                    default -> _out.write(c < ' ' || c >= '\ufffe' ? '?' : c);
                }
            }
        }

        @Override
        public int getNumberOfFlushedRows() {
            return flushedRows;
        }

        @Override
        public int getNumberOfCellsOfLastFlushedRow() {
            return cellsOfLastFlushedRow;
        }

        @Override
        public int getLowestIndexOfFlushedRows() {
            return lowestFlushedRow;
        }

        @Override
        public int getLastFlushedRow() {
            return lastFlushedRow;
        }
    }

    /** The same, its temporary file deflated at the fastest level: for the disk, not the last percent of size. */
    static final class CompressedSheetDataWriter extends FastSheetDataWriter {
        CompressedSheetDataWriter() throws IOException {
            super();
        }

        @Override
        protected OutputStream decorateOutputStream(FileOutputStream fos) {
            return new DeflaterOutputStream(fos, new Deflater(Deflater.BEST_SPEED, true), 1 << 16);
        }

        @Override
        protected InputStream decorateInputStream(FileInputStream fis) {
            return new InflaterInputStream(fis, new Inflater(true), 1 << 16);
        }
    }

    /** A buffered UTF-8 writer to a file for one thread: no locks, no encoder objects, ASCII copied byte for byte. */
    static final class Utf8FileWriter extends Writer {
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private int count;

        Utf8FileWriter(OutputStream out) {
            this.out = out;
        }

        /** A high surrogate waiting for its low half, which may come in the next call; 0 when none. */
        private char pendingHigh;

        @Override
        public void write(int c) {
            put((char) c);
        }

        @Override
        public void write(String s, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                put(s.charAt(i));
            }
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                put(chars[i]);
            }
        }

        private void put(char c) {
            if (count + 8 > buffer.length) {
                drainUnchecked();
            }
            if (c < 0x80 && pendingHigh == 0) {
                buffer[count++] = (byte) c;
                return;
            }
            if (pendingHigh != 0) {
                char high = pendingHigh;
                pendingHigh = 0;
                if (Character.isLowSurrogate(c)) {
                    put(Character.toCodePoint(high, c));
                    return;
                }
                buffer[count++] = '?'; // a lone surrogate cannot be encoded; the JDK's encoder writes '?' too
            }
            if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else if (Character.isLowSurrogate(c)) {
                buffer[count++] = '?';
            } else {
                put((int) c);
            }
        }

        private void put(int cp) {
            if (cp < 0x80) {
                buffer[count++] = (byte) cp;
            } else if (cp < 0x800) {
                buffer[count++] = (byte) (0xC0 | (cp >> 6));
                buffer[count++] = (byte) (0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                buffer[count++] = (byte) (0xE0 | (cp >> 12));
                buffer[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[count++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buffer[count++] = (byte) (0xF0 | (cp >> 18));
                buffer[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[count++] = (byte) (0x80 | (cp & 0x3F));
            }
        }

        private long drained;

        private void drain() throws IOException {
            if (count > 0) {
                out.write(buffer, 0, count);
                drained += count;
                count = 0;
            }
        }

        /** The bytes handed to this writer so far, still buffered or not. */
        long bytesWritten() {
            return drained + count;
        }

        private void drainUnchecked() {
            try {
                drain();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            if (!closed) {
                drain();
                out.flush();
            }
        }

        private boolean closed;

        @Override
        public void close() throws IOException {
            if (closed) {
                return; // POI closes a sheet's writer when it reads it back and again when the workbook is closed
            }
            closed = true;
            try {
                if (pendingHigh != 0) {
                    pendingHigh = 0;
                    buffer[count++] = '?';
                }
                drain();
            } finally {
                out.close();
            }
        }
    }
}
